/*
 * filters._fold: filters.fold.fold for ASCII text, in one pass.
 *
 *   fold_ascii(text) -> str | None
 *   squeeze(text) -> str         fold's whitespace rules alone, for any text
 *   lower(text) -> str | None    text.lower(), None for a text with a capital sigma
 *   map_runs(text, fn) -> str    each run of non-ASCII characters replaced by fn(run)
 *   non_ascii(text) -> str       the non-ASCII characters of text, in order
 *
 * Returns exactly what filters.fold.fold returns for an ASCII `text` (None for any other
 * text: Python lowercases it and folds accents and quotes, then calls squeeze). The Python
 * version lowercases, then joins `line.split()` per line; on 1 KB of English prompts that
 * was 18 us of the injection filter's ~100 us per message (bench/injection_perf.py's
 * texts, median), most of it the per-line split and join. Here it is one copy.
 *
 * The rules it mirrors (tests/test_canonical.py compares both on the corpus and on
 * generated whitespace mixes):
 *   - lowercase; '`' becomes '\'';
 *   - no '\n': whitespace runs become one space, ends stripped (" ".join(t.split()));
 *   - '\n' but no "loose" whitespace (two spaces, '\t', '\r', '\f', '\v', " \n",
 *     "\n ", "\n\n"): only the ends are stripped (t.strip());
 *   - otherwise: per line (split on '\n' only), whitespace runs become one space and the
 *     line's ends are stripped; empty lines are dropped; lines joined by '\n'.
 * ASCII whitespace is what str.split() splits on: 0x09-0x0D, 0x1C-0x1F and the space.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

static inline int is_ws(Py_UCS4 c) { return c < 128 ? (c == ' ' || (c >= 9 && c <= 13) || (c >= 28 && c <= 31)) : Py_UNICODE_ISSPACE(c); }

static inline Py_UCS4 low(Py_UCS4 c, int lower) {
    if (!lower) return c;
    if (c >= 'A' && c <= 'Z') return c + 32;
    return c == '`' ? '\'' : c;
}

#define AT(i) PyUnicode_READ(kind, data, (i))

static int loose(int kind, const void *data, Py_ssize_t n) {
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = AT(i);
        if (c == '\t' || c == '\r' || c == '\f' || c == '\v') return 1;
        if (i + 1 < n) {
            Py_UCS4 d = AT(i + 1);
            if ((c == ' ' && (d == ' ' || d == '\n')) || (c == '\n' && (d == ' ' || d == '\n'))) return 1;
        }
    }
    return 0;
}

/* Whitespace runs in [lo, hi) to one space, ends stripped; appends to out, returns length added. */
static Py_ssize_t collapse(int kind, const void *data, Py_ssize_t lo, Py_ssize_t hi, Py_UCS4 *out, int lower) {
    Py_ssize_t k = 0;
    int pending = 0;
    for (Py_ssize_t i = lo; i < hi; i++) {
        Py_UCS4 c = AT(i);
        if (is_ws(c)) {
            pending = k > 0;
            continue;
        }
        if (pending) {
            out[k++] = ' ';
            pending = 0;
        }
        out[k++] = low(c, lower);
    }
    return k;
}

/* ---- the same three functions over one-byte text (ASCII and Latin-1, most prompts), with
 * one-byte output: no kind switch per character, no UCS4 buffer to convert back.
 * canonicalize per 1 KB benign bench message 177.9k -> 170.6k instructions (callgrind). */
static int loose1(const Py_UCS1 *t, Py_ssize_t n) {
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS1 c = t[i];
        if (c == '\t' || c == '\r' || c == '\f' || c == '\v') return 1;
        if (i + 1 < n) {
            Py_UCS1 d = t[i + 1];
            if ((c == ' ' && (d == ' ' || d == '\n')) || (c == '\n' && (d == ' ' || d == '\n'))) return 1;
        }
    }
    return 0;
}

static Py_ssize_t collapse1(const Py_UCS1 *t, Py_ssize_t lo, Py_ssize_t hi, Py_UCS1 *out, int lower) {
    Py_ssize_t k = 0;
    int pending = 0;
    for (Py_ssize_t i = lo; i < hi; i++) {
        Py_UCS1 c = t[i];
        if (is_ws(c)) {
            pending = k > 0;
            continue;
        }
        if (pending) {
            out[k++] = ' ';
            pending = 0;
        }
        out[k++] = (Py_UCS1)low(c, lower);
    }
    return k;
}

static PyObject *squeeze1(PyObject *text, int lower) {
    const Py_UCS1 *t = PyUnicode_1BYTE_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    Py_UCS1 stack[4096];
    Py_UCS1 *out = n <= (Py_ssize_t)sizeof stack ? stack : PyMem_Malloc(n > 0 ? n : 1);
    if (out == NULL) return PyErr_NoMemory();
    Py_ssize_t k = 0;
    const Py_UCS1 *nlp = n > 0 ? memchr(t, '\n', (size_t)n) : NULL;
    if (nlp == NULL) {
        k = collapse1(t, 0, n, out, lower);
    } else if (!loose1(t, n)) {
        Py_ssize_t lo = 0, hi = n;
        while (lo < hi && is_ws(t[lo])) lo++;
        while (hi > lo && is_ws(t[hi - 1])) hi--;
        for (Py_ssize_t i = lo; i < hi; i++) out[k++] = (Py_UCS1)low(t[i], lower);
    } else {
        Py_ssize_t start = 0;
        while (start <= n) {
            const Py_UCS1 *e = start < n ? memchr(t + start, '\n', (size_t)(n - start)) : NULL;
            Py_ssize_t end = e ? e - t : n;
            Py_ssize_t before = k;
            if (k > 0) out[k++] = '\n';
            Py_ssize_t added = collapse1(t, start, end, out + k, lower);
            k = added == 0 ? before : k + added; /* an empty line is dropped, with its separator */
            start = end + 1;
        }
    }
    PyObject *res = PyUnicode_FromKindAndData(PyUnicode_1BYTE_KIND, out, k);
    if (out != stack) PyMem_Free(out);
    return res;
}

/* The whitespace rules of fold() over `text`; `lower`: also lowercase (ASCII text only). */
static PyObject *squeeze_impl(PyObject *text, int lower) {
    if (PyUnicode_KIND(text) == PyUnicode_1BYTE_KIND) return squeeze1(text, lower);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    Py_UCS4 stack[2048];
    Py_UCS4 *out = n <= (Py_ssize_t)(sizeof stack / sizeof stack[0]) ? stack : PyMem_Malloc(sizeof(Py_UCS4) * (n > 0 ? n : 1));
    if (out == NULL) return PyErr_NoMemory();
    Py_ssize_t k = 0, nl = PyUnicode_FindChar(text, '\n', 0, n, 1);
    if (nl == -2) goto fail;
    if (nl < 0) {
        k = collapse(kind, data, 0, n, out, lower);
    } else if (!loose(kind, data, n)) {
        Py_ssize_t lo = 0, hi = n;
        while (lo < hi && is_ws(AT(lo))) lo++;
        while (hi > lo && is_ws(AT(hi - 1))) hi--;
        for (Py_ssize_t i = lo; i < hi; i++) out[k++] = low(AT(i), lower);
    } else {
        Py_ssize_t start = 0;
        while (start <= n) {
            Py_ssize_t end = start < n ? PyUnicode_FindChar(text, '\n', start, n, 1) : -1;
            if (end == -2) goto fail;
            if (end < 0) end = n;
            Py_ssize_t before = k;
            if (k > 0) out[k++] = '\n';
            Py_ssize_t added = collapse(kind, data, start, end, out + k, lower);
            k = added == 0 ? before : k + added; /* an empty line is dropped, with its separator */
            start = end + 1;
        }
    }
    PyObject *res = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out, k);
    if (out != stack) PyMem_Free(out);
    return res;
fail:
    if (out != stack) PyMem_Free(out);
    return NULL;
}

static PyObject *fold_ascii(PyObject *self, PyObject *arg) {
    if (!PyUnicode_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "fold_ascii() takes a str");
        return NULL;
    }
    if (!PyUnicode_IS_ASCII(arg)) Py_RETURN_NONE;
    return squeeze_impl(arg, 1);
}

static PyObject *squeeze(PyObject *self, PyObject *arg) {
    if (!PyUnicode_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "squeeze() takes a str");
        return NULL;
    }
    return squeeze_impl(arg, 0);
}


/* map_runs(text, fn): text with every maximal run of non-ASCII characters replaced by
 * fn(run). The same as re.sub("[^\x00-\x7f]+", lambda m: fn(m.group()), text), which spent
 * 8.4 us of fold()'s 17 on 1 KB of mostly-English text with three such runs (the regex
 * steps through every character; this compares code points in C). */
static PyObject *map_runs(PyObject *self, PyObject *args) {
    PyObject *text, *fn;
    if (!PyArg_ParseTuple(args, "UO:map_runs", &text, &fn)) return NULL;
    if (PyUnicode_IS_ASCII(text)) return Py_NewRef(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), i = 0, plain = 0;
    PyObject *parts = PyList_New(0);
    if (parts == NULL) return NULL;
    while (i < n) {
        if (AT(i) < 128) {
            i++;
            continue;
        }
        Py_ssize_t j = i;
        while (j < n && AT(j) >= 128) j++;
        PyObject *head = PyUnicode_Substring(text, plain, i);
        PyObject *run = head ? PyUnicode_Substring(text, i, j) : NULL;
        PyObject *mapped = run ? PyObject_CallOneArg(fn, run) : NULL;
        int bad = mapped == NULL || !PyUnicode_Check(mapped) || PyList_Append(parts, head) < 0 ||
                  PyList_Append(parts, mapped) < 0;
        if (mapped != NULL && !PyUnicode_Check(mapped)) PyErr_SetString(PyExc_TypeError, "map_runs: fn must return str");
        Py_XDECREF(head);
        Py_XDECREF(run);
        Py_XDECREF(mapped);
        if (bad) {
            Py_DECREF(parts);
            return NULL;
        }
        plain = i = j;
    }
    PyObject *tail = PyUnicode_Substring(text, plain, n);
    if (tail == NULL || PyList_Append(parts, tail) < 0) {
        Py_XDECREF(tail);
        Py_DECREF(parts);
        return NULL;
    }
    Py_DECREF(tail);
    PyObject *empty = PyUnicode_FromStringAndSize("", 0);
    PyObject *res = empty ? PyUnicode_Join(empty, parts) : NULL;
    Py_XDECREF(empty);
    Py_DECREF(parts);
    return res;
}


/* non_ascii(text): the non-ASCII characters of text, in order ("".join of
 * re.findall("[^\x00-\x7f]+", text)): canonicalize's prechecks read only those. */
static PyObject *non_ascii(PyObject *self, PyObject *arg) {
    if (!PyUnicode_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "non_ascii() takes a str");
        return NULL;
    }
    if (PyUnicode_IS_ASCII(arg)) return PyUnicode_FromStringAndSize("", 0);
    int kind = PyUnicode_KIND(arg);
    const void *data = PyUnicode_DATA(arg);
    Py_ssize_t n = PyUnicode_GET_LENGTH(arg), k = 0;
    Py_UCS4 *out = PyMem_Malloc(sizeof(Py_UCS4) * n);
    if (out == NULL) return PyErr_NoMemory();
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = AT(i);
        if (c >= 128) out[k++] = c;
    }
    PyObject *res = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out, k);
    PyMem_Free(out);
    return res;
}

/* lower(text): text.lower() for a text without capital sigma (None for one: final sigma
 * depends on the letters around it, the only mapping CPython's lower does not take
 * character by character, lower_ucs4 in unicodeobject.c). ASCII letters from a table, every
 * other character from CPython's own full lowercase mapping (_PyUnicode_ToLowerFull, up to
 * three characters), where str.lower runs the full mapping for every character, ASCII
 * included. */
static PyObject *lower(PyObject *self, PyObject *arg) {
    if (!PyUnicode_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "lower() takes a str");
        return NULL;
    }
    int kind = PyUnicode_KIND(arg);
    const void *data = PyUnicode_DATA(arg);
    Py_ssize_t n = PyUnicode_GET_LENGTH(arg), k = 0;
    if (PyUnicode_FindChar(arg, 0x3A3, 0, n, 1) != -1) Py_RETURN_NONE; /* (or -2: an error) */
    Py_UCS4 *out = PyMem_Malloc(sizeof(Py_UCS4) * 3 * (n > 0 ? n : 1));
    if (out == NULL) return PyErr_NoMemory();
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = AT(i);
        if (c < 128) {
            out[k++] = (c >= 'A' && c <= 'Z') ? c + 32 : c;
        } else {
            Py_UCS4 mapped[3];
            int m = _PyUnicode_ToLowerFull(c, mapped);
            for (int j = 0; j < m; j++) out[k++] = mapped[j];
        }
    }
    PyObject *res = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out, k);
    PyMem_Free(out);
    return res;
}

static PyMethodDef methods[] = {
    {"fold_ascii", fold_ascii, METH_O, "fold_ascii(text) -> filters.fold.fold(text) for ASCII text, else None"},
    {"map_runs", map_runs, METH_VARARGS, "map_runs(text, fn) -> text with each non-ASCII run replaced by fn(run)"},
    {"non_ascii", non_ascii, METH_O, "non_ascii(text) -> the non-ASCII characters of text, in order"},
    {"squeeze", squeeze, METH_O, "squeeze(text) -> fold()'s whitespace rules only (text already lowercased)"},
    {"lower", lower, METH_O, "lower(text) -> text.lower() for a text without capital sigma, else None"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_fold", NULL, -1, methods};

PyMODINIT_FUNC PyInit__fold(void) { return PyModule_Create(&module); }
