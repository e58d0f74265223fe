"""Build hook for the C extensions of the screening hot path.

filters/injection_model/_ngram.c scores the injection classifier, filters/_shape.c runs the
canonicalizer's decoder prechecks. Everything else is in pyproject.toml. Both extensions
are optional: where no C compiler is available the install still succeeds and the Python
reference code runs instead (same verdicts, more CPU per message; docs/injection.md).
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "filters.injection_model._ngram",
            ["filters/injection_model/_ngram.c"],
            extra_compile_args=["-O2"],
            optional=True,
        ),
        Extension("filters._shape", ["filters/_shape.c"], extra_compile_args=["-O2"], optional=True),
        Extension("filters._fold", ["filters/_fold.c"], extra_compile_args=["-O2"], optional=True),
    ]
)
