"""Stop words: words that carry no content when two texts are compared word by word.

:data:`FUNCTION_WORDS` is the core every comparison drops (articles, auxiliaries, prepositions,
pronouns); :data:`SESSION_WORDS` are said in every sentence of a session note. :data:`STOPWORDS` adds
the rest of the common English function words and the fillers of speech ("um", "yeah", "kind of"),
for matching a note against a transcript. A caller that needs a different list derives it from these
(``FUNCTION_WORDS | {...}``) rather than writing its own.
"""

from __future__ import annotations

_FUNCTION_TEXT = """
    a an and are as at be by for from had has have in into is it its of on or so that the their them
    they this to was were with
"""
_MORE_TEXT = """
    about above after again against all also am any because been before being below between both but
    can could did do does doing down during each few further having he her here hers herself him
    himself his how i if itself just like me more most my myself no nor not now off once only other our
    ours out over own same she should some such than theirs themselves then there these those through
    too under until up very we what when where which while who whom why will would you your yours
    yourself um uh yeah okay ok oh mm hmm kind sort really actually maybe thing things get got going go
    gonna know think said says say clients today week that's it's i'm don't didn't
"""
FUNCTION_WORDS = frozenset(_FUNCTION_TEXT.split())
SESSION_WORDS = frozenset({"client", "therapist", "session"})
STOPWORDS = FUNCTION_WORDS | SESSION_WORDS | frozenset(_MORE_TEXT.split())
