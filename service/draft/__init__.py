"""Stage 4, draft: clinical facts -> evidence-linked BIRP note (template sentences, optionally phrased by a
local LLM and verified sentence by sentence)."""
