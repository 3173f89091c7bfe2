"""Motivational-interviewing notes: the therapist's OARS skills named in the Intervention section, the
client's change talk and sustain talk summarised by kind in Response, a quote only for a commitment.
Fictional dialogues written from Miller and Rollnick's definitions."""

from __future__ import annotations

from service.domain.note import BirpNote
from service.draft.template import plan_note
from service.extract.mi_skills import client_talk, therapist_skills
from service.extract.text import Session
from service.extract.vocabulary import load_vocabulary
from tests.unit.extract_helpers import dialogue, extract, plan

PLAN = plan(
    goals=[{"id": "G1", "text": "Reduce alcohol use."}],
    interventions=[{"id": "I1", "name": "Motivational interviewing", "modality": "MI", "goal_ids": ["G1"]}],
)
MI_SESSION = """
T: What concerns, if any, do you have about your drinking?
C: My doctor says my liver numbers are up. I want to cut down before it gets worse.
T: So your health is starting to matter more to you than the evenings out.
C: Yeah. But honestly, it helps me relax after work.
T: What would be different if you cut back on your drinking?
C: If I cut down I'd sleep better and I'd have more energy for the kids.
T: You've already made some changes on your own, that shows real effort.
C: I've already started skipping the weeknight beers.
T: Is it okay if I share some information about safe limits?
C: Sure.
T: For men the recommended limit is no more than fourteen drinks a week.
C: I'm going to cut down to weekends only.
"""


def _note(text: str) -> BirpNote:
    return plan_note(dialogue(text), extract(text, PLAN), PLAN).to_note()


def _texts(note: BirpNote, section: str) -> list[str]:
    return [s.text for s in note.section(section)]  # type: ignore[arg-type]


def test_when_motivational_interviewing_is_delivered_then_the_intervention_names_the_oars_skills() -> None:
    mi = [t for t in _texts(_note(MI_SESSION), "intervention") if "motivational interviewing" in t]
    assert mi
    assert mi[0].startswith("Used motivational interviewing: open questions")
    assert "reflection" in mi[0]
    assert "affirmation" in mi[0]
    assert "to evoke the client's own reasons for change" in mi[0]


def test_when_permission_is_asked_before_information_then_the_note_says_so() -> None:
    asked = next(s for s in _note(MI_SESSION).intervention if s.text.startswith("Asked permission"))
    assert asked.evidence == (8, 9, 10)


def test_when_client_voices_change_talk_then_response_names_its_kinds_and_cites_the_lines() -> None:
    note = _note(MI_SESSION)
    change = next(s for s in note.response if s.text.startswith("Client voiced change talk"))
    assert "desire" in change.text
    assert "reasons" in change.text
    assert "commitment" in change.text
    assert {1, 5, 11} <= set(change.evidence)


def test_when_client_also_voices_sustain_talk_then_response_says_so_with_its_line() -> None:
    sustain = next(s for s in _note(MI_SESSION).response if "sustain talk" in s.text)
    assert sustain.text == "Client also voiced sustain talk (statements in favour of not changing)."
    assert sustain.evidence == (3,)


def test_when_client_commits_to_change_then_only_that_statement_is_quoted() -> None:
    quotes = [t for t in _texts(_note(MI_SESSION), "response") if '"' in t]
    assert quotes == ['Client stated a commitment to change: "I\'m going to cut down to weekends only."']


def test_when_a_wish_is_negated_or_an_inability_is_said_then_it_is_sustain_not_change_talk() -> None:
    session = Session(dialogue("T: What do you think?\nC: I don't want to quit. I can't stop, honestly."))
    talk = client_talk(session, load_vocabulary().micro_skills)
    assert [f.kind for f in talk] == ["sustain talk", "sustain talk"]


def test_when_a_change_statement_is_negated_or_someone_elses_then_it_is_not_change_talk() -> None:
    text = "T: Where are you?\nC: I don't think I'm ready to cut down. She says I need to quit."
    talk = client_talk(Session(dialogue(text)), load_vocabulary().micro_skills)
    assert "change talk" not in [f.kind for f in talk]


def test_when_the_plan_commits_to_mi_and_the_session_has_its_form_then_mi_is_delivered() -> None:
    text = """
T: What brings you in today?
C: My kids keep asking me to stop smoking.
T: So you're worried they're right.
C: Yeah, and honestly I'd like to quit before the baby comes.
T: How would things be different?
C: I'd have more money and I'd breathe easier.
T: You're thinking about your family's future.
C: I am.
T: What have you tried before?
C: Patches, once.
T: You've got some experience to build on.
"""
    facts = extract(text, PLAN)
    assert [f.name for f in facts.interventions] == ["Motivational interviewing"]


def test_when_a_wish_is_not_about_changing_a_behaviour_then_it_is_not_change_talk() -> None:
    session = Session(dialogue("T: And the weekend?\nC: I want to go to the lake with my brother."))
    assert client_talk(session, load_vocabulary().micro_skills) == []


def test_when_client_says_what_they_said_to_someone_then_no_skill_use_is_reported() -> None:
    facts = extract("T: How did it go?\nC: Um, well, I said I went to the store and stuff.", PLAN)
    assert not [f for f in facts.response if f.kind == "skill use"]


def test_when_no_motivational_interviewing_is_delivered_then_no_change_talk_sentence_is_written() -> None:
    text = "T: How was the week?\nC: I want to cut down on coffee, I need to stop."
    note = plan_note(dialogue(text), extract(text, None), None).to_note()
    assert not any("change talk" in s.text for _, _, s in note.sentences())


def test_when_a_long_reflection_gathers_what_client_said_then_it_is_a_summary() -> None:
    text = (
        "T: Let me see if I've got this: your health matters, the kids matter, and the drinks help you "
        "unwind after work, so part of you wants to keep them and part of you wants to stop.\nC: That's it."
    )
    skills = therapist_skills(Session(dialogue(text)), load_vocabulary().micro_skills)
    assert [s.skill for s in skills] == ["summary"]


def test_when_a_long_reflection_ends_in_a_question_then_it_is_not_a_summary() -> None:
    text = (
        "T: It sounds like you've been struggling with your weight and it's hard to lose it and then see it "
        "come back again after all that work, so tell me what you did to lose it the first time?\nC: Walking."
    )
    skills = therapist_skills(Session(dialogue(text)), load_vocabulary().micro_skills)
    assert "summary" not in [s.skill for s in skills]


def test_when_the_only_change_talk_is_the_quoted_commitment_then_it_is_not_summarised_twice() -> None:
    text = (
        MI_SESSION.replace("I want to cut down before it gets worse.", "It worries my doctor.")
        .replace(
            "If I cut down I'd sleep better and I'd have more energy for the kids.", "Not much, honestly."
        )
        .replace("I've already started skipping the weeknight beers.", "Thanks.")
    )
    response = _texts(_note(text), "response")
    assert not any(t.startswith("Client voiced change talk") for t in response)
    assert any(t.startswith("Client stated a commitment to change") for t in response)


def test_when_the_client_voices_only_sustain_talk_then_the_plans_mi_is_not_delivered_by_form() -> None:
    text = """
T: What brings you in today?
C: My kids keep asking me about the smoking.
T: So you're hearing it from them.
C: I'm not going to quit, though.
T: What do you enjoy about it?
C: It helps me relax.
T: You're getting something out of it.
C: Yeah.
T: What else?
C: Nothing much.
T: You've thought about this a lot.
"""
    assert extract(text, PLAN).interventions == ()


def test_when_a_long_instruction_is_coded_as_a_reflection_then_it_is_not_a_summary() -> None:
    text = (
        "T: Feet on the floor. Let your hands rest. Breathe in slowly through your nose, and let it out even "
        "more slowly. Again. Just notice the breath going in and out, nothing else to do right now. One more."
        "\nC: Okay."
    )
    skills = therapist_skills(Session(dialogue(text)), load_vocabulary().micro_skills)
    assert "summary" not in [s.skill for s in skills]
