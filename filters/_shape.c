/*
 * The canonicalizer's decoder prechecks on short texts, in C (filters/canonical.py
 * `_shape_small` is the reference and the fallback when this extension is not built).
 *
 * Why C: the Python loop visits every whitespace-separated token of every screened
 * text (~170 tokens per 1 KB) to decide whether any decoder could find something, and
 * it was half of canonicalize's cost (24 us of ~50 us per 1 KB message); here it is one
 * pass over the code points. tests/test_canonical.py checks both give the same result.
 *
 * shape(text) -> (long_tokens: list[str], hex_pairs: bool, spaced: bool, leet_tokens: list[str])
 *   long_tokens: tokens of 16+ characters that are not a word with punctuation attached
 *   hex_pairs:   eight two-character hex tokens with a digit in a row (spaced hex)
 *   spaced:      four one-letter tokens in a row, or a token like l.e.t.t.e.r.s
 *   leet_tokens: tokens with [013457@$] between ASCII letters (h4ck, 1gn0r3)
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

static const char WORD_PUNCT[] = "\"'()[]{}<>*_-#~:;,.!?/|\\";
static const char SEP[] = ".-_*|+/,";
static const char LEET[] = "013457@$";

/* Membership in WORD_PUNCT, SEP and LEET by one table lookup (S_PUNCT, S_SEP, S_LEET),
 * filled from the strings above at import: strchr-style loops over the 24 WORD_PUNCT
 * characters were ~12k of shape()'s ~45k instructions per 1 KB of prose (callgrind). */
static unsigned char IN_SET[128];

static void init_sets(void) {
    const char *sets[3] = {WORD_PUNCT, SEP, LEET};
    for (int k = 0; k < 3; k++)
        for (const char *p = sets[k]; *p; p++) IN_SET[(unsigned char)*p] |= (unsigned char)(1 << k);
}

enum { S_PUNCT = 1, S_SEP = 2, S_LEET = 4 };

static inline int in_set(Py_UCS4 ch, int bit) { return ch < 128 && (IN_SET[ch] & bit); }

static inline int ascii_letter(Py_UCS4 ch) { return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'); }
static int hex_digit(Py_UCS4 ch) {
    return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
}

/* str.isalpha of one character; ASCII without the library call (_PyUnicode_IsAlpha, a
 * call per character: 16k of shape()'s ~60k instructions per 1 KB of prose) */
static inline int is_alpha(Py_UCS4 ch) { return ch < 128 ? ascii_letter(ch) : Py_UNICODE_ISALPHA(ch); }

/* t[a:b] made only of letters (str.isalpha) */
static int all_alpha(int kind, const void *d, Py_ssize_t a, Py_ssize_t b) {
    if (a >= b) return 0;
    for (Py_ssize_t i = a; i < b; i++)
        if (!is_alpha(PyUnicode_READ(kind, d, i))) return 0;
    return 1;
}

/* t.strip(WORD_PUNCT).isalpha() */
static int stripped_alpha(int kind, const void *d, Py_ssize_t a, Py_ssize_t b) {
    while (a < b && in_set(PyUnicode_READ(kind, d, a), S_PUNCT)) a++;
    while (b > a && in_set(PyUnicode_READ(kind, d, b - 1), S_PUNCT)) b--;
    return all_alpha(kind, d, a, b);
}

/* re.search(r"[A-Za-z][013457@$]+[A-Za-z]", t) */
static int leet_inside(int kind, const void *d, Py_ssize_t a, Py_ssize_t b) {
    for (Py_ssize_t i = a; i + 2 < b; i++) {
        if (!ascii_letter(PyUnicode_READ(kind, d, i))) continue;
        Py_ssize_t j = i + 1;
        while (j < b && in_set(PyUnicode_READ(kind, d, j), S_LEET)) j++;
        if (j > i + 1 && j < b && ascii_letter(PyUnicode_READ(kind, d, j))) return 1;
    }
    return 0;
}

/* re.fullmatch(r"(?:[A-Za-z][.\-_*|+/,]){3,}[A-Za-z]\W?", t): k >= 3 letter-separator
 * pairs, a letter, then the end or one non-word character. The regex may give back pairs
 * (in "a.b.c.d." the last "d." is the final letter and the \W), so every k is tried. */
static int punct_spaced(int kind, const void *d, Py_ssize_t a, Py_ssize_t b) {
    Py_ssize_t pairs = 0;
    while (a + 2 * pairs + 1 < b && ascii_letter(PyUnicode_READ(kind, d, a + 2 * pairs)) &&
           in_set(PyUnicode_READ(kind, d, a + 2 * pairs + 1), S_SEP))
        pairs++;
    for (Py_ssize_t k = pairs; k >= 3; k--) {
        Py_ssize_t i = a + 2 * k;
        if (i >= b || !ascii_letter(PyUnicode_READ(kind, d, i))) continue;
        if (i + 1 == b) return 1;
        if (i + 2 == b) {
            Py_UCS4 ch = PyUnicode_READ(kind, d, i + 1);
            if (!(Py_UNICODE_ISALNUM(ch) || ch == '_')) return 1;
        }
    }
    return 0;
}

static PyObject *shape(PyObject *self, PyObject *arg) {
    if (!PyUnicode_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "shape() takes a str");
        return NULL;
    }
    const int kind = PyUnicode_KIND(arg);
    const void *d = PyUnicode_DATA(arg);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(arg);
    PyObject *longs = PyList_New(0), *leets = PyList_New(0);
    if (!longs || !leets) goto fail;
    int spaced = 0, run = 0;
    int pairs = 0, best_pairs = 0;
    Py_ssize_t i = 0;
    while (i < n) {
        while (i < n && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, d, i))) i++;
        if (i >= n) break;
        Py_ssize_t a = i;
        int alpha = 1; /* all_alpha(a, i), found while the token is read (it is not empty) */
        for (; i < n; i++) {
            Py_UCS4 ch = PyUnicode_READ(kind, d, i);
            if (Py_UNICODE_ISSPACE(ch)) break;
            alpha = alpha && is_alpha(ch);
        }
        Py_ssize_t b = i, len = b - a;
        if (alpha) {
            if (len == 1) {
                if (++run >= 4) spaced = 1;
            } else {
                run = 0;
            }
            pairs = 0;
            continue;
        }
        run = 0;
        if (len > 2 && stripped_alpha(kind, d, a, b)) {
            pairs = 0;
            continue;
        }
        if (len == 2 && hex_digit(PyUnicode_READ(kind, d, a)) && hex_digit(PyUnicode_READ(kind, d, a + 1))) {
            if (++pairs > best_pairs) best_pairs = pairs;
            continue;
        }
        pairs = 0;
        if (len >= 16) {
            PyObject *t = PyUnicode_Substring(arg, a, b);
            if (!t || PyList_Append(longs, t) < 0) {
                Py_XDECREF(t);
                goto fail;
            }
            Py_DECREF(t);
        }
        if (len >= 3 && leet_inside(kind, d, a, b)) {
            PyObject *t = PyUnicode_Substring(arg, a, b);
            if (!t || PyList_Append(leets, t) < 0) {
                Py_XDECREF(t);
                goto fail;
            }
            Py_DECREF(t);
        }
        if (!spaced && len >= 7 && punct_spaced(kind, d, a, b)) spaced = 1;
    }
    return Py_BuildValue("(NOON)", longs, best_pairs >= 8 ? Py_True : Py_False, spaced ? Py_True : Py_False,
                         leets);
fail:
    Py_XDECREF(longs);
    Py_XDECREF(leets);
    return NULL;
}

/* ---- shape_long: filters/canonical_shape.py `_shape_np` (the numpy pass for long texts),
 * the same answers in one pass over " " + text + "      " (the numpy code's padding).
 * Character classes are ASCII-only there: a non-ASCII code point has none. */
enum { C_LETTER = 1, C_SPACE = 2, C_SEP = 4, C_LEET = 8, C_HEX = 16, C_DIGIT = 32 };
static unsigned char CLASS[128];

static void init_classes(void) {
    for (const char *p = "0123456789abcdefABCDEF"; *p; p++) CLASS[(unsigned char)*p] |= C_HEX;
    for (const char *p = "0123456789"; *p; p++) CLASS[(unsigned char)*p] |= C_DIGIT;
    for (int ch = 'a'; ch <= 'z'; ch++) CLASS[ch] |= C_LETTER;
    for (int ch = 'A'; ch <= 'Z'; ch++) CLASS[ch] |= C_LETTER;
    for (const char *p = " \n\t\r\f\v"; *p; p++) CLASS[(unsigned char)*p] |= C_SPACE;
    for (const char *p = ".-_*|+/,"; *p; p++) CLASS[(unsigned char)*p] |= C_SEP;
    for (const char *p = "013457@$"; *p; p++) CLASS[(unsigned char)*p] |= C_LEET;
}

#define MAX_LONG 16   /* MAX_CANDIDATES in canonical_shape.py */
#define MAX_INSIDE 64 /* leet offsets looked at */

/* class of padded[i], padded = " " + text + 6 spaces (length n + 7) */
static inline unsigned char cls_at(int kind, const void *d, Py_ssize_t n, Py_ssize_t i) {
    if (i == 0 || i > n) return C_SPACE;
    Py_UCS4 ch = PyUnicode_READ(kind, d, i - 1);
    return ch < 128 ? CLASS[ch] : 0;
}

static PyObject *shape_long(PyObject *self, PyObject *arg) {
    if (!PyUnicode_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "shape_long() takes a str");
        return NULL;
    }
    const int kind = PyUnicode_KIND(arg);
    const void *d = PyUnicode_DATA(arg);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(arg), len = n + 7;
    PyObject *longs = PyList_New(0), *inside = PyList_New(0);
    if (!longs || !inside) goto fail;
    Py_ssize_t prev_sp = -1, nlong = 0, ninside = 0;
    int pairs = 0, best_pairs = 0, singles = 0, best_singles = 0, sep_spaced = 0;
    unsigned sep_bits = 0; /* sep_after[i - k] in bit k */
    unsigned char c0 = 0, c1 = cls_at(kind, d, n, 0), c2;
    for (Py_ssize_t i = 0; i < len; i++) {
        c0 = c1; /* padded[i] */
        c1 = i + 1 < len ? cls_at(kind, d, n, i + 1) : 0;
        /* sep_after[i] = letter[i] & sep[i + 1], for i < len - 1; spaced if it holds at i, i-2, i-4 */
        if (i < len - 1) {
            sep_bits = (sep_bits << 1) | ((c0 & C_LETTER) && (c1 & C_SEP));
            if (i >= 4 && (sep_bits & 1) && (sep_bits & 4) && (sep_bits & 16)) sep_spaced = 1;
        }
        /* inside: letter[i - 1] & leet[i] & letter[i + 1], 1 <= i <= len - 2 */
        if (i >= 1 && i + 1 < len && ninside < MAX_INSIDE && (c0 & C_LEET) && (c1 & C_LETTER) &&
            (cls_at(kind, d, n, i - 1) & C_LETTER)) {
            PyObject *o = PyLong_FromSsize_t(i - 1);
            if (!o || PyList_Append(inside, o) < 0) {
                Py_XDECREF(o);
                goto fail;
            }
            Py_DECREF(o);
            ninside++;
        }
        if (!(c0 & C_SPACE)) continue;
        if (prev_sp >= 0) { /* the token between two spaces: padded[prev_sp + 1 .. i) */
            Py_ssize_t gap = i - prev_sp - 1;
            unsigned char first = cls_at(kind, d, n, prev_sp + 1);
            c2 = cls_at(kind, d, n, prev_sp + 2 < len - 1 ? prev_sp + 2 : len - 1);
            int pair = gap == 2 && (first & c2 & C_HEX) && ((first | c2) & C_DIGIT);
            int single = gap == 1 && (first & C_LETTER);
            pairs = pair ? pairs + 1 : 0;
            if (pairs > best_pairs) best_pairs = pairs;
            singles = single ? singles + 1 : 0;
            if (singles > best_singles) best_singles = singles;
            if (gap >= 16 && nlong < MAX_LONG) {
                PyObject *t = PyUnicode_Substring(arg, prev_sp, i - 1);
                if (!t || PyList_Append(longs, t) < 0) {
                    Py_XDECREF(t);
                    goto fail;
                }
                Py_DECREF(t);
                nlong++;
            }
        }
        prev_sp = i;
    }
    return Py_BuildValue("(NOON)", longs, best_pairs >= 8 ? Py_True : Py_False,
                         (best_singles >= 4 || sep_spaced) ? Py_True : Py_False, inside);
fail:
    Py_XDECREF(longs);
    Py_XDECREF(inside);
    return NULL;
}

/* ---- word_index: filters/word_index.py `word_index_np` (the numpy reference), the same
 * arrays in one pass: start offsets (int64, in the folded text) and the 4- and 6-character
 * prefix codes (uint32) of every word of " " + text + "      ". Word characters: ASCII
 * a-z and 0-9, every non-ASCII code point, and an apostrophe after a word character. */
static const uint32_t WI_MULT[6] = {0x9E3779B1u, 0x85EBCA77u, 0xC2B2AE3Du,
                                    0x27D4EB2Fu, 0x165667B1u, 0xD3A2646Cu};
static uint32_t WI_MARKED[6];

static void init_word_index(void) {
    for (uint32_t k = 0; k < 6; k++) WI_MARKED[k] = ((k + 1) * 0x01000193u) * WI_MULT[k];
}

static inline Py_UCS4 padded_at(int kind, const void *d, Py_ssize_t n, Py_ssize_t j) {
    return (j == 0 || j > n) ? ' ' : PyUnicode_READ(kind, d, j - 1);
}

/* the word-character test before the apostrophe rule */
static inline int plain_word(Py_UCS4 ch) {
    return ch >= 128 || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
}

static PyObject *word_index(PyObject *self, PyObject *arg) {
    if (!PyUnicode_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "word_index() takes a str");
        return NULL;
    }
    const int kind = PyUnicode_KIND(arg);
    const void *d = PyUnicode_DATA(arg);
    const Py_ssize_t n = PyUnicode_GET_LENGTH(arg), len = n + 7;
    /* at most one word per two padded characters */
    Py_ssize_t cap = len / 2 + 1, nw = 0;
    int64_t *starts = PyMem_Malloc(sizeof(int64_t) * cap);
    uint32_t *shorts = PyMem_Malloc(sizeof(uint32_t) * cap), *longs = PyMem_Malloc(sizeof(uint32_t) * cap);
    PyObject *result = NULL;
    if (!starts || !shorts || !longs) {
        PyErr_NoMemory();
        goto done;
    }
    int prev_plain = 0, prev_word = 0; /* padded[0] is a space */
    Py_ssize_t start = -1;
    for (Py_ssize_t j = 1; j < len; j++) {
        Py_UCS4 ch = padded_at(kind, d, n, j);
        int plain = plain_word(ch);
        /* numpy: isword[apos] = isword[apos - 1], read before the assignment */
        int word = ch == '\'' ? prev_plain : plain;
        if (word && !prev_word) {
            start = j;
        } else if (!word && prev_word) { /* the word padded[start .. j) */
            uint32_t h = 0;
            for (int k = 0; k < 6; k++) {
                h += start + k < j ? (uint32_t)padded_at(kind, d, n, start + k) * WI_MULT[k] : WI_MARKED[k];
                if (k == 3) shorts[nw] = h;
            }
            longs[nw] = h;
            starts[nw] = start - 1;
            nw++;
        }
        prev_plain = plain;
        prev_word = word;
    }
    result = Py_BuildValue("(y#y#y#)", (const char *)starts, (Py_ssize_t)(sizeof(int64_t) * nw),
                           (const char *)shorts, (Py_ssize_t)(sizeof(uint32_t) * nw), (const char *)longs,
                           (Py_ssize_t)(sizeof(uint32_t) * nw));
done:
    PyMem_Free(starts);
    PyMem_Free(shorts);
    PyMem_Free(longs);
    return result;
}

/* ---- key_hits: filters/word_index.py `WordIndex.hits` (numpy reference: `hits_np`), the
 * same arrays: the offsets (int64) and key codes (uint64; six-character codes + 2**32) of the
 * words whose 4-character code is in the sorted table `t4`, in word order, then of those
 * whose 6-character code is in `t6`. `k4` / `k6`: 65,536 bytes, nonzero where some code of the
 * table has those top 16 bits (the binary search runs for those words only). Each argument
 * is a C-contiguous buffer. */
static int in_sorted(const uint32_t *t, Py_ssize_t n, uint32_t h) {
    Py_ssize_t lo = 0, hi = n;
    while (lo < hi) {
        Py_ssize_t mid = lo + (hi - lo) / 2;
        if (t[mid] < h) lo = mid + 1;
        else hi = mid;
    }
    return lo < n && t[lo] == h;
}

static PyObject *key_hits(PyObject *self, PyObject *args) {
    Py_buffer b[7];
    int got = 0;
    PyObject *result = NULL;
    int64_t *offs = NULL;
    uint64_t *codes = NULL;
    if (PyTuple_GET_SIZE(args) != 7) {
        PyErr_SetString(PyExc_TypeError, "key_hits() takes 7 buffers");
        return NULL;
    }
    for (; got < 7; got++) {
        if (PyObject_GetBuffer(PyTuple_GET_ITEM(args, got), &b[got], PyBUF_C_CONTIGUOUS) < 0) goto done;
    }
    const Py_ssize_t nw = b[0].len / (Py_ssize_t)sizeof(int64_t);
    if (b[1].len != nw * 4 || b[2].len != nw * 4 || b[5].len != 65536 || b[6].len != 65536) {
        PyErr_SetString(PyExc_ValueError, "key_hits(starts int64, short uint32, long uint32, t4, t6, k4, k6)");
        goto done;
    }
    const int64_t *starts = b[0].buf;
    const uint32_t *sh = b[1].buf, *lg = b[2].buf, *t4 = b[3].buf, *t6 = b[4].buf;
    const Py_ssize_t n4 = b[3].len / 4, n6 = b[4].len / 4;
    const unsigned char *k4 = b[5].buf, *k6 = b[6].buf;
    offs = PyMem_Malloc(sizeof(int64_t) * (2 * nw + 1));
    codes = PyMem_Malloc(sizeof(uint64_t) * (2 * nw + 1));
    if (!offs || !codes) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t k = 0;
    for (Py_ssize_t i = 0; i < nw; i++)
        if (k4[sh[i] >> 16] && in_sorted(t4, n4, sh[i])) offs[k] = starts[i], codes[k++] = sh[i];
    for (Py_ssize_t i = 0; i < nw; i++)
        if (k6[lg[i] >> 16] && in_sorted(t6, n6, lg[i])) offs[k] = starts[i], codes[k++] = (uint64_t)lg[i] + (1ull << 32);
    result = Py_BuildValue("(y#y#)", (const char *)offs, (Py_ssize_t)(sizeof(int64_t) * k), (const char *)codes,
                           (Py_ssize_t)(sizeof(uint64_t) * k));
done:
    for (int j = 0; j < got; j++) PyBuffer_Release(&b[j]);
    PyMem_Free(offs);
    PyMem_Free(codes);
    return result;
}

static PyMethodDef methods[] = {
    {"key_hits", key_hits, METH_VARARGS, "key_hits(starts, short, long, t4, t6, k4, k6) -> (offsets int64 bytes, codes uint64 bytes)"},
    {"word_index", word_index, METH_O, "word_index(folded) -> (starts int64 bytes, short uint32 bytes, long uint32 bytes)"},
    {"shape", shape, METH_O, "shape(text) -> (long_tokens, hex_pairs, spaced, leet_tokens)"},
    {"shape_long", shape_long, METH_O, "shape_long(text) -> (long_tokens, hex_pairs, spaced, leet_offsets)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_shape", NULL, -1, methods};

PyMODINIT_FUNC PyInit__shape(void) {
    init_classes();
    init_sets();
    init_word_index();
    return PyModule_Create(&module);
}
