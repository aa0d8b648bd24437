"""The site layer: text-in, text-out steps that turn docs/ and docs/outputs/ into the site.

It never runs code and never imports torch or TensorFlow. hooks.py is the one MkDocs entry
point and calls the steps in order; every other module is plain functions of text (Markdown or
HTML) that can be tested, and later run as pre- and post-build passes, without MkDocs.
"""
