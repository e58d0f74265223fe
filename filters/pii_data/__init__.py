"""Data files of the built-in name and place recognizer (a package so wheels ship them).

lexicon.tsv.gz and tech_terms.txt are read by filters/pii_lexicon.py; build.py rebuilds the
lexicon offline; SOURCES.md records where every entry comes from and under which licence.
"""
