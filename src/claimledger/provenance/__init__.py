"""Follow a claim across articles: which claims in other articles state the
same thing, which contradict it, where it first appeared, and what became
of a projection.

    signature  what a claim is about, comparable across articles (pure)
    relations  the rules: same, contradicts (pure)
    blocks     the rules applied to a whole block of claims at once (numpy)
    linking    relating new articles' claims to the stored ones; groups
    reports    what the commands and the desk read
    sql        the SQL text of the feature, which the store's views run

Everything here reads stored claims, so it needs no spaCy.  The package
imports none of its modules, so the commands that only read (``claims
show``) never import numpy: import the module you need.
"""
