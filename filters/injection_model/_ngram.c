/*
 * Hashed n-gram logistic-regression scoring of one text, in C.
 *
 * Why C: the numpy version of this loop (filters/injection_model/__init__.py,
 * `InjectionModel._numpy_logit`) costs 60-140 us per 1 KB message, almost all of it
 * numpy's per-call overhead on ~25 small array operations; the same arithmetic here is
 * one pass over the code points. No maintained library computes these features (the
 * hash layout is ours, shared with training), so this file implements exactly the
 * numpy feature code, and tests/test_injection_model.py checks both give the same
 * logit on every text of a corpus. When this extension is not built the numpy code
 * runs instead: same verdicts, higher cost.
 *
 * logit(text, weights, bits, char_ngrams, word_ngrams, alpha, window, bias) -> float
 *   weights: a C-contiguous float32 buffer of 2**bits entries.
 *   char_ngrams / word_ngrams: bit masks (bit n set = n-grams of that size are used).
 *   Texts longer than 1.5 windows (counting the two padding spaces) are scored as
 *   windows of `window` characters every window/2 and the worst window counts, the
 *   shape the model was trained on.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#define P 0x01000193u /* FNV-32 prime: base of the rolling hash */
#define M 0x9E3779B1u /* Knuth's multiplicative hashing constant */
#define MAX_N 16

static uint32_t POS[32];      /* multiplier of a character by its position in a word */
static uint32_t SALT[20];     /* per n-gram size: char n at n, word n at 10 + n */
static unsigned char ASCII_WORD[128];

static void init_tables(void) {
    for (uint64_t k = 1; k <= 32; k++)
        POS[k - 1] = (uint32_t)((k * 0x85EBCA77ull) % (1ull << 32)) | 1u;
    for (uint64_t n = 1; n < 20; n++)
        SALT[n] = (uint32_t)((n * 0x27D4EB2Full) % (1ull << 32));
    const char *w = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'";
    for (const char *p = w; *p; p++) ASCII_WORD[(unsigned char)*p] = 1;
}

typedef struct {
    const float *w;
    uint32_t shift;
    unsigned long char_mask, word_mask;
    int max_char, max_word;
    double alpha;
} Layout;

static inline uint32_t code_at(int kind, const void *data, Py_ssize_t i) {
    return (uint32_t)PyUnicode_READ(kind, data, i);
}

static inline double norm(double sum, Py_ssize_t count, double alpha) {
    return count > 0 ? sum / pow((double)count, alpha) : 0.0;
}

/* Logit (without bias) of c[0..n): the codes of " " + text + " ". `words` is scratch of
 * n entries (the word hashes). */
static double finish(const Layout *L, const double *sums, const Py_ssize_t *counts, const uint32_t *c,
                     Py_ssize_t n, uint32_t *words);

static double score_codes(const Layout *L, const uint32_t *c, Py_ssize_t n, uint32_t *words) {
    double sums[MAX_N + 1] = {0};
    Py_ssize_t counts[MAX_N + 1] = {0};
    const float *w = L->w;
    const uint32_t shift = L->shift;
    if (L->char_mask == 0x38ul) { /* 3-, 4- and 5-grams (the shipped layout) */
        /* The loop below with the sizes unrolled and the sums in registers: the same terms
         * added to each sum in the same order, so the same doubles, bit for bit. The generic
         * loop kept its sums in memory and tested every size per position: 1 KB benign
         * 12.4 -> 7.6 us, 20 KB 320 -> 192 us per message (min of 5; the same logits, bit for bit,
         * on 31k corpus texts and tests/test_injection_model_exact.py). */
        const uint32_t s3 = SALT[3], s4 = SALT[4], s5 = SALT[5];
        double a3 = 0.0, a4 = 0.0, a5 = 0.0;
        Py_ssize_t i = 0;
        for (; i + 5 <= n; i++) {
            uint32_t h = c[i] * P + c[i + 1];
            h = h * P + c[i + 2];
            a3 += w[((h + s3) * M) >> shift];
            h = h * P + c[i + 3];
            a4 += w[((h + s4) * M) >> shift];
            h = h * P + c[i + 4];
            a5 += w[((h + s5) * M) >> shift];
        }
        for (; i + 3 <= n; i++) { /* the last positions: only the shorter n-grams fit */
            uint32_t h = c[i] * P + c[i + 1];
            h = h * P + c[i + 2];
            a3 += w[((h + s3) * M) >> shift];
            if (i + 4 <= n) {
                h = h * P + c[i + 3];
                a4 += w[((h + s4) * M) >> shift];
            }
        }
        sums[3] = a3, sums[4] = a4, sums[5] = a5;
        for (int k = 3; k <= 5; k++) counts[k] = n >= k ? n - k + 1 : 0;
        return finish(L, sums, counts, c, n, words);
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        uint32_t h = c[i];
        for (int k = 2; k <= L->max_char && i + k <= n; k++) {
            h = h * P + c[i + k - 1];
            if (L->char_mask & (1ul << k)) {
                sums[k] += w[((h + SALT[k]) * M) >> shift];
                counts[k]++;
            }
        }
    }
    if (L->char_mask & 2ul) { /* unigrams (not in the shipped layout, kept for parity) */
        for (Py_ssize_t i = 0; i < n; i++) sums[1] += w[((c[i] + SALT[1]) * M) >> shift];
        counts[1] = n;
    }
    return finish(L, sums, counts, c, n, words);
}

/* The logit's sum over the groups, from the char n-gram sums, then the word n-grams of
 * c[0..n) (`words` is scratch of n entries). */
static double finish(const Layout *L, const double *sums, const Py_ssize_t *counts, const uint32_t *c,
                     Py_ssize_t n, uint32_t *words) {
    double total = 0.0;
    const float *w = L->w;
    const uint32_t shift = L->shift;
    for (int k = 1; k <= L->max_char; k++) total += norm(sums[k], counts[k], L->alpha);
    if (!L->word_mask) return total;
    /* Words: maximal runs of word characters, the first not at c[0] (a space). Word by word,
     * not character by character with a state flag: the same hashes with fewer branches
     * (word n-grams alone per 1 KB benign 5.0 -> 4.3 us; the classifier per 1 KB 7.6 -> 6.6 us,
     * per 20 KB 189 -> 176 us; min of 5, interleaved runs). */
#define IS_WORD(ch) ((ch) >= 128 || ASCII_WORD[(ch)])
    Py_ssize_t nw = 0, i = 1;
    if (n > 0 && IS_WORD(c[0]))
        while (i < n && IS_WORD(c[i])) i++;
    while (i < n) {
        while (i < n && !IS_WORD(c[i])) i++;
        if (i >= n) break;
        const Py_ssize_t start = i;
        uint32_t acc = 0;
        for (; i < n && IS_WORD(c[i]); i++) {
            Py_ssize_t pos = i - start;
            acc += c[i] * POS[pos < 31 ? pos : 31];
        }
        words[nw++] = acc * M;
    }
#undef IS_WORD
    for (int k = 1; k <= L->max_word; k++) {
        if (!(L->word_mask & (1ul << k)) || nw < k) continue;
        double s = 0.0;
        for (Py_ssize_t j = 0; j + k <= nw; j++) {
            uint32_t h = words[j];
            for (int q = 1; q < k; q++) h = h * P + words[j + q];
            s += w[((h + SALT[10 + k]) * M) >> shift];
        }
        total += norm(s, nw - k + 1, L->alpha);
    }
    return total;
}

static PyObject *ngram_logit(PyObject *self, PyObject *args) {
    PyObject *text;
    Py_buffer buf;
    int bits, window;
    unsigned long char_mask, word_mask;
    double alpha, bias;
    if (!PyArg_ParseTuple(args, "Uy*ikkdid", &text, &buf, &bits, &char_mask, &word_mask, &alpha,
                          &window, &bias))
        return NULL;
    PyObject *result = NULL;
    uint32_t *c = NULL, *words = NULL;
    if (bits < 1 || bits > 30 || buf.len != (Py_ssize_t)sizeof(float) << bits || window < 4 ||
        (char_mask >> (MAX_N + 1)) || (word_mask >> 10)) {
        PyErr_SetString(PyExc_ValueError, "weights size or feature layout out of range");
        goto done;
    }
    Layout L = {(const float *)buf.buf, (uint32_t)(32 - bits), char_mask, word_mask, 0, 0, alpha};
    for (int k = 1; k <= MAX_N; k++) if (char_mask & (1ul << k)) L.max_char = k;
    for (int k = 1; k < 10; k++) if (word_mask & (1ul << k)) L.max_word = k;
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const Py_ssize_t len = PyUnicode_GET_LENGTH(text);
    const Py_ssize_t span = len + 2 <= (Py_ssize_t)(window * 1.5) ? len : window;
    c = malloc(sizeof(uint32_t) * (span + 2));
    words = malloc(sizeof(uint32_t) * (span + 2));
    if (!c || !words) {
        PyErr_NoMemory();
        goto done;
    }
    double best = -INFINITY;
    Py_BEGIN_ALLOW_THREADS
    if (span == len) { /* one window: the whole text */
        c[0] = ' ';
        for (Py_ssize_t i = 0; i < len; i++) c[i + 1] = code_at(kind, data, i);
        c[len + 1] = ' ';
        best = score_codes(&L, c, len + 2, words);
    } else { /* windows [a, a + window) every window / 2, as in training */
        const Py_ssize_t step = window / 2;
        for (Py_ssize_t a = 0; a < len - step; a += step) {
            Py_ssize_t m = len - a < window ? len - a : window;
            c[0] = ' ';
            for (Py_ssize_t i = 0; i < m; i++) c[i + 1] = code_at(kind, data, a + i);
            c[m + 1] = ' ';
            double z = score_codes(&L, c, m + 2, words);
            if (z > best) best = z;
        }
    }
    Py_END_ALLOW_THREADS
    result = PyFloat_FromDouble(bias + best);
done:
    free(c);
    free(words);
    PyBuffer_Release(&buf);
    return result;
}

static PyMethodDef methods[] = {
    {"logit", ngram_logit, METH_VARARGS,
     "logit(text, weights, bits, char_mask, word_mask, alpha, window, bias) -> float"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_ngram", NULL, -1, methods};

PyMODINIT_FUNC PyInit__ngram(void) {
    init_tables();
    return PyModule_Create(&module);
}
