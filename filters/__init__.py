"""Screening filters: one module per filter type, all behind `filters.base.Filter`."""
