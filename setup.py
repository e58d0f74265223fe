"""Build hook for the one C extension: filters/injection_model/_ngram.c.

Everything else is in pyproject.toml. The extension is optional: where no C compiler is
available the install still succeeds and the injection classifier runs its numpy code
(same verdicts, about ten times the CPU per message; docs/injection.md).
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "filters.injection_model._ngram",
            ["filters/injection_model/_ngram.c"],
            extra_compile_args=["-O2"],
            optional=True,
        )
    ]
)
