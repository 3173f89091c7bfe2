"""Measures: only scores spoken in the session for this client and this period, never invented.

Every dialogue here is written for these tests from the instruments' published names, item counts and
ranges and the cases README's definitions; none is taken from a case transcript.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from service.domain.facts import ClinicalFacts
from service.domain.plan import TreatmentPlan
from service.extract.measure_vocabulary import load_measure_vocabulary
from service.validate.clinical_terms import INSTRUMENTS
from tests.unit.extract_helpers import dialogue, extract, extractor

README_INSTRUMENTS = (
    "GAD-7",
    "PHQ-9",
    "PHQ-9 item 9",
    "PHQ-A",
    "PSWQ",
    "PCL-5",
    "PDSS",
    "SPIN",
    "Y-BOCS",
    "CY-BOCS",
    "EPDS",
    "AUDIT",
    "PACS",
    "SUDS",
    "Scaling question",
)


def plan_with(
    measures: dict[str, str] | None = None,
    interventions: tuple[str, ...] = (),
    last_recorded: dict[str, str] | None = None,
) -> TreatmentPlan:
    """A fictional plan measuring with ``measures`` (instrument -> frequency)."""
    data: dict[str, Any] = {
        "plan_id": "TP-measures",
        "effective_date": "2026-01-05",
        "client": {"name": "Test Client"},
        "diagnoses": [{"code": "F41.1", "description": "Generalized anxiety disorder"}],
        "goals": [{"id": "G1", "text": "Feel less overwhelmed", "objectives": []}],
        "interventions": [
            {"id": f"I{n}", "name": name, "modality": "CBT", "goal_ids": ["G1"]}
            for n, name in enumerate(interventions, 1)
        ],
        "measures": [{"instrument": k, "frequency": v} for k, v in (measures or {}).items()],
        "risk": {"level": "low", "safety_plan": False},
        "history": {"measures_last_recorded": last_recorded or {}},
    }
    return TreatmentPlan.model_validate(data)


def scores(text: str, plan: TreatmentPlan | None = None) -> list[tuple[str, float]]:
    return [(m.instrument, m.score) for m in extract(text, plan).measures]


def extract_on(text: str, plan: TreatmentPlan, session_date: date) -> ClinicalFacts:
    transcript = dialogue(text).model_copy(update={"session_date": session_date})
    return extractor().extract(transcript, plan)


EXPOSURE_PLAN = plan_with(interventions=("Graded in vivo exposure",))

# --------------------------------------------------------------------------- instruments and names


def test_when_the_vocabulary_loads_then_every_instrument_of_the_cases_readme_is_described() -> None:
    vocab = load_measure_vocabulary()
    names = {i.name for i in vocab.instruments}
    assert set(README_INSTRUMENTS) <= names
    for inst in vocab.questionnaires:
        assert inst.items is not None, inst.name
        assert inst.max > inst.min, inst.name
        assert inst.constructs, inst.name


@pytest.mark.parametrize(
    ("said", "instrument", "value"),
    [
        ("T: So the G A D seven you filled in adds up to nine.", "GAD-7", 9),
        ("T: Your P C L five from this morning is a thirty-eight.", "PCL-5", 38),
        ("T: We went through the Y bock together and the total is nineteen.", "Y-BOCS", 19),
        ("T: On the Penn Alcohol Craving Scale you scored twelve.", "PACS", 12),
        ("T: Your Edinburgh Postnatal Depression Scale is a fourteen.", "EPDS", 14),
        ("T: The E P D S from the waiting area gives a total of eleven.", "EPDS", 11),
        ("T: The Alcohol Use Disorders Identification Test gave you an eighteen.", "AUDIT", 18),
        ("T: Your P H Q A totals fifteen.", "PHQ-A", 15),
        ("T: The Social Phobia Inventory you brought back, you scored thirty-five.", "SPIN", 35),
        ("T: The Panic Disorder Severity Scale landed at ten.", "PDSS", 10),
        ("T: The Penn State Worry Questionnaire total was fifty-eight.", "PSWQ", 58),
        ("T: The children's Yale-Brown you and your dad did is a twenty-two.", "CY-BOCS", 22),
    ],
)
def test_when_an_instrument_is_named_aloud_or_by_title_then_its_score_is_reported(
    said: str, instrument: str, value: float
) -> None:
    assert scores(said) == [(instrument, value)]


def test_when_the_validator_reads_a_transcript_then_it_knows_the_same_spoken_names() -> None:
    assert INSTRUMENTS["PACS"].search("she filled in the Penn Alcohol Craving Scale")
    assert INSTRUMENTS["GAD-7"].search("the G A D seven came back")
    assert INSTRUMENTS["PHQ-9"].search("that depression questionnaire")


# --------------------------------------------------------------------------- called by what it measures


def test_when_a_questionnaire_is_called_by_its_construct_then_the_plan_says_which_instrument() -> None:
    text = "T: Your worry measure is a sixty-one this time."
    assert scores(text, plan_with({"GAD-7": "every session", "PSWQ": "monthly"})) == [("PSWQ", 61)]
    text = "T: The worry questionnaire you did is an eleven."
    assert scores(text, plan_with({"GAD-7": "every session", "PHQ-9": "monthly"})) == [("GAD-7", 11)]
    text = "T: I scored the craving scale. You got a nine."
    assert scores(text, plan_with({"PACS": "every session"})) == [("PACS", 9)]
    text = "T: Your depression screen today was a twelve."
    assert scores(text, plan_with({"EPDS": "every session"})) == [("EPDS", 12)]


def test_when_the_plan_leaves_a_construct_ambiguous_then_no_score_is_filed() -> None:
    text = "T: The depression questionnaire came back as a ten."
    assert scores(text, plan_with({"PHQ-9": "every session", "EPDS": "every session"})) == []


def test_when_no_plan_lists_the_construct_then_the_general_adult_instrument_is_meant() -> None:
    assert scores("T: Your trauma checklist is a forty-four today.") == [("PCL-5", 44)]
    assert scores("T: The depression questionnaire is a ten today.") == [("PHQ-9", 10)]


def test_when_the_questionnaire_is_not_named_then_the_one_due_this_session_is_meant() -> None:
    plan = plan_with(
        {"PHQ-9": "every session", "GAD-7": "monthly"},
        last_recorded={"PHQ-9": "2026-03-03", "GAD-7": "2026-03-03"},
    )
    facts = extract_on(
        "T: Thanks for doing the questionnaire in the lobby.\nC: Sure.\nT: So the total is sixteen.",
        plan,
        date(2026, 3, 10),
    )
    assert [(m.instrument, m.score) for m in facts.measures] == [("PHQ-9", 16)]


def test_when_an_unknown_instrument_is_named_then_its_score_is_not_given_to_a_planned_one() -> None:
    assert scores("T: Your BDI questionnaire came out at eighteen.", plan_with({"PHQ-A": "monthly"})) == []


# --------------------------------------------------------------------------- when the score is said


def test_when_therapist_says_the_gad7_result_then_the_spoken_score_is_reported() -> None:
    facts = extract("T: Thanks for finishing the forms. Your GAD-7 comes to eleven.\nC: Is that high?")
    (measure,) = facts.measures
    assert (measure.instrument, measure.score, measure.reported_by) == ("GAD-7", 11, "therapist")
    assert measure.administered_in_session
    assert measure.evidence == (0,)


def test_when_instrument_was_named_a_turn_or_two_before_then_the_later_score_is_its_score() -> None:
    found = scores(
        """
T: You did the PHQ-9 on the tablet in the lobby?
C: Yes, right before you called me in.
T: Good. Your total is fourteen.
"""
    )
    assert found == [("PHQ-9", 14)]


def test_when_the_score_is_said_on_its_own_after_the_name_then_it_is_reported() -> None:
    found = scores("T: Let me score the Edinburgh you did while you waited.\nC: Okay.\nT: Okay. Thirteen.")
    assert found == [("EPDS", 13)]


def test_when_client_answers_a_question_about_her_score_then_the_answer_is_the_score() -> None:
    found = scores("T: What did you get on the PHQ-9 at your physician's office this week?\nC: Fifteen.")
    assert found == [("PHQ-9", 15)]


def test_when_two_instruments_share_a_sentence_then_each_score_goes_to_its_own() -> None:
    found = scores(
        "T: On the GAD-7, your anxiety form, an eight; on the PHQ-9, your depression form, a twelve."
    )
    assert sorted(found) == [("GAD-7", 8), ("PHQ-9", 12)]


# --------------------------------------------------------------------------- item by item


PHQ9_READ_ALOUD = """
T: Answer with nearly every day, more than half, several days, or not at all.
T: Over these two weeks, how often was there little interest, or little pleasure, in your days?
C: Several days.
T: How about feeling depressed or hopeless?
C: More than half.
T: Problems with sleep, not sleeping or sleeping a lot?
C: Nearly every day.
T: Low energy, or feeling tired?
C: A three.
T: Changes in appetite, eating less or more?
C: Not at all.
T: Feeling like a failure?
C: Several days.
T: Difficulty concentrating?
C: A two.
T: Being slowed down, or so fidgety you can't keep still?
C: Not at all.
T: Any thoughts of harming yourself in some form, or of death?
C: Not at all.
T: Thank you.
"""


def test_when_every_item_is_answered_aloud_then_the_total_is_their_sum_and_item_9_is_kept() -> None:
    found = scores(PHQ9_READ_ALOUD, plan_with({"PHQ-9": "every session"}))
    assert sorted(found) == [("PHQ-9", 12), ("PHQ-9 item 9", 0)]


def test_when_an_item_is_not_answered_and_no_total_is_said_then_no_total_is_invented() -> None:
    lines = PHQ9_READ_ALOUD.strip().splitlines()
    skipped = [line for line in lines if "appetite" not in line]
    skipped.remove("C: Not at all.")  # the appetite item's answer
    found = scores("\n".join(skipped), plan_with({"PHQ-9": "every session"}))
    assert [f for f in found if f[0] == "PHQ-9"] == []


def test_when_a_subscale_sum_is_said_then_only_the_stated_total_is_reported() -> None:
    found = scores(
        """
T: Time for the Y-BOCS. I rate each answer 0 to 4.
T: What amount of time goes to the intrusive thoughts each day?
C: Two or three hours on bad days.
T: That is a two. Do they interfere with work or home life?
C: A fair amount.
T: I'd call that a two. And the distress they bring?
C: A lot.
T: Severe, a three. Do you try to resist them?
C: I try, usually.
T: A one. Can you control them once they start?
C: Sometimes.
T: A two. Your obsessions subtotal is ten. Next the rituals. What amount of time goes to them?
C: An hour.
T: A two. Do the rituals interfere with your day?
C: Sometimes I am late.
T: A one. If you were prevented from doing them, how upset would you be?
C: Very.
T: A three. Do you try to resist the rituals?
C: Half the time.
T: A two. Can you control the rituals?
C: Not much.
T: A three. Eleven for compulsions. Total, twenty-one.
"""
    )
    assert found == [("Y-BOCS", 21)]


# --------------------------------------------------------------------------- ratings


def test_when_suds_are_asked_during_exposure_then_each_answer_is_a_score() -> None:
    found = scores(
        """
T: Before you touch the rail, what SUDS would you give it, 0 to 100?
C: Maybe a thirty-five.
T: Keep your hand there. And now?
C: Sixty.
T: Number?
C: Hmm. Seventy-five?
"""
    )
    assert found == [("SUDS", 35), ("SUDS", 60), ("SUDS", 75)]


def test_when_a_distress_rating_is_asked_then_it_is_suds_and_a_ruler_is_a_scaling_question() -> None:
    assert scores("T: How upset are you at the moment, 0 to 10?\nC: A six.") == [("SUDS", 6)]
    assert scores("T: Your confidence that you will phone her, 0 to 10?\nC: A six.") == [
        ("Scaling question", 6)
    ]


def test_when_an_unqualified_number_is_asked_in_exposure_work_then_it_is_suds() -> None:
    text = "T: You're standing in the elevator now. What's the number?\nC: Fifty-five."
    assert scores(text, EXPOSURE_PLAN) == [("SUDS", 55)]
    assert scores(text) == []  # no exposure work and no scale: not a 0-10 answer, so nothing


def test_when_client_gives_distress_ratings_from_practice_without_the_word_then_they_are_suds() -> None:
    facts = extract(
        """
T: How did the supermarket practice go?
C: I went twice. In the queue I was at like a seventy, and by the car park maybe a forty.
""",
        EXPOSURE_PLAN,
    )
    assert [(m.instrument, m.score) for m in facts.measures] == [("SUDS", 70), ("SUDS", 40)]
    assert not any(m.administered_in_session for m in facts.measures)


def test_when_numbers_come_up_outside_exposure_work_then_they_are_not_ratings() -> None:
    assert (
        scores(
            "T: Tell me about your days.\nC: I put in like forty hours and the flat was maybe fifty degrees."
        )
        == []
    )


def test_when_a_fear_ladder_is_built_then_its_predicted_ratings_are_not_measures() -> None:
    found = scores(
        """
T: Now we order the ladder steps; for each, guess how tough it would feel, 0 to 100.
C: Riding one stop on the bus, maybe a forty.
T: Next?
C: Riding to the end of the line, eighty.
""",
        EXPOSURE_PLAN,
    )
    assert found == []


def test_when_interoceptive_ratings_are_labelled_then_only_anxiety_counts() -> None:
    found = scores(
        """
T: Ratings please, 0 to 10: intensity, anxiety, and similarity to a real attack?
C: Intensity seven. Anxiety maybe four. Similarity five.
"""
    )
    assert found == [("SUDS", 4)]


def test_when_therapist_asks_how_much_a_thought_is_believed_then_no_measure_is_reported() -> None:
    assert scores("T: And now, 0 to 100, how strongly do you hold that belief?\nC: Sixty.") == []


def test_when_importance_and_confidence_rulers_are_answered_then_they_are_scaling_questions() -> None:
    found = scores(
        """
T: On a 0 to 10 ruler, how important is cutting down on gaming?
C: Eight. Maybe nine.
T: And your confidence that you can manage it, 0 to 10?
C: Five.
"""
    )
    assert found == [("Scaling question", 8), ("Scaling question", 5)]


def test_when_a_later_number_starts_a_new_point_in_time_then_both_ratings_count() -> None:
    found = scores("T: What did your fear thermometer read on day one?\nC: Day one a nine. By Sunday a five.")
    assert found == [("SUDS", 9), ("SUDS", 5)]


def test_when_therapist_asks_which_number_was_meant_then_the_answer_replaces_the_first() -> None:
    found = scores("T: Where is your SUDS now?\nC: Fifty. Maybe forty-five.\nT: Which one?\nC: Forty-five.")
    assert found == [("SUDS", 45)]


def test_when_a_scaling_question_is_about_the_week_then_it_is_still_administered_in_session() -> None:
    (measure,) = extract("T: How would you rate your mood this week, one to ten?\nC: A five.").measures
    assert (measure.instrument, measure.score) == ("Scaling question", 5)
    assert measure.administered_in_session


def test_when_client_volunteers_a_rating_then_it_is_kept_with_out_of_session_context() -> None:
    facts = extract("T: Any panic since we met?\nC: Once, on the train on Friday, maybe six out of ten.")
    (measure,) = facts.measures
    assert (measure.instrument, measure.score) == ("SUDS", 6)
    assert not measure.administered_in_session


# --------------------------------------------------------------------------- whose score, which period


def test_when_an_earlier_score_is_mentioned_for_comparison_then_it_is_not_reported() -> None:
    found = scores(
        """
T: The GAD-7 today totals ten.
C: And the previous one?
T: It read thirteen last session and seventeen at intake, so ten is real progress.
"""
    )
    assert found == [("GAD-7", 10)]


def test_when_comparison_shares_the_sentence_then_only_the_current_score_is_reported() -> None:
    assert scores("T: The PCL-5 is a thirty-three today, down from forty-seven at intake.") == [("PCL-5", 33)]
    assert scores("T: Your PCL-5 is down to thirty-three from forty-seven.") == [("PCL-5", 33)]


def test_when_only_an_earlier_session_score_is_said_then_nothing_is_reported() -> None:
    assert scores("T: Last session your PHQ-9 was sixteen. We'll redo it next week.") == []


def test_when_client_reports_a_current_score_from_another_provider_then_it_is_kept_but_not_administered() -> (
    None
):
    facts = extract("C: My psychiatrist gave me the GAD-7 on Tuesday. I got a thirteen.")
    (measure,) = facts.measures
    assert (measure.instrument, measure.score, measure.reported_by) == ("GAD-7", 13, "client")
    assert not measure.administered_in_session


def test_when_another_provider_score_is_from_an_earlier_period_then_it_is_excluded() -> None:
    assert (
        scores("C: When I first started at the other clinic, back in the spring, my PHQ-9 was twenty-two.")
        == []
    )


def test_when_another_group_member_answers_a_rating_question_then_their_score_is_excluded() -> None:
    found = scores(
        """
T: Distress number at this moment, 0 to 100?
C2: Fifty.
T: And you?
C: About twenty.
"""
    )
    assert found == [("SUDS", 20)]


def test_when_the_group_answers_in_turn_then_the_clients_answer_is_found_after_the_others() -> None:
    found = scores(
        "T: Round the circle: 0 to 10, how hopeful does each of you feel?\n"
        "C2: Six.\nC3: Three.\nC: Seven, I think."
    )
    assert found == [("Scaling question", 7)]


def test_when_a_rating_is_asked_of_another_member_then_the_clients_remark_is_not_a_score() -> None:
    assert scores("T: [PERSON_1], 0 to 10, where is your hope at today?\nC: He'd say a two.\nC2: Four.") == []


def test_when_therapist_gives_another_member_their_score_then_it_is_not_the_clients() -> None:
    found = scores(
        """
T: [PERSON_2], your GAD-7 was a fifteen.
C2: Figures.
T: [CLIENT], yours is an eleven.
C: Okay.
"""
    )
    assert found == [("GAD-7", 11)]


def test_when_spouse_reports_her_own_questionnaire_then_it_is_not_the_clients_score() -> None:
    assert scores("C2: The GAD-7 my physician gave me came to twelve for me.") == []
    assert scores("C: My wife did the EPDS too, she got a sixteen.") == []


def test_when_a_parent_reports_their_own_score_then_it_is_excluded_but_the_childs_is_kept() -> None:
    assert scores("P: I did one at my own doctor, my PHQ-9 was eighteen.") == []
    assert scores("P: The pediatrician gave her the PHQ-A on Monday, she got a thirteen.") == [("PHQ-A", 13)]


def test_when_a_vague_number_has_no_instrument_then_no_score_is_reported() -> None:
    assert (
        scores("P: The school nurse gave him some anxiety form. She told us he scored in the twenties.") == []
    )


def test_when_a_number_is_impossible_for_the_instrument_then_it_is_rejected() -> None:
    assert scores("T: Your GAD-7 totals thirty-five.") == []


# --------------------------------------------------------------------------- PHQ-9 item 9


def test_when_phq9_item_9_is_read_back_then_the_answer_is_scored() -> None:
    found = scores("T: Your PHQ-9 totals nine. Your answer to item nine was several days.")
    assert sorted(found) == [("PHQ-9", 9), ("PHQ-9 item 9", 1)]


def test_when_the_answer_comes_before_the_item_number_then_it_is_still_the_items() -> None:
    found = scores("T: Your PHQ-9 was a ten. You chose a one for question nine; we'll come back to it.")
    assert sorted(found) == [("PHQ-9", 10), ("PHQ-9 item 9", 1)]


def test_when_the_last_item_of_a_phq_a_is_read_back_then_it_is_not_phq9_item_9() -> None:
    found = scores("T: Your PHQ-A is a sixteen. Its final item: several days.")
    assert found == [("PHQ-A", 16)]


# --------------------------------------------------------------------------- numbers that are not scores


def test_when_counts_and_times_are_spoken_then_they_are_not_scores() -> None:
    assert scores("T: The PHQ-9 is short, nine questions, about five minutes to do.\nC: Fine.") == []


def test_when_score_bands_and_denominators_are_explained_then_only_the_score_counts() -> None:
    found = scores(
        """
T: You have a twelve out of twenty-seven on the PHQ-9, in the ten to fourteen range.
T: The GAD-7 went from fifteen down to nine.
"""
    )
    assert found == [("PHQ-9", 12), ("GAD-7", 9)]


def test_when_the_size_of_a_change_is_said_then_it_is_not_a_score() -> None:
    assert scores("T: Your PHQ-9 dropped by three points this time.") == []


# --------------------------------------------------------------------------- versions, couples, rounds


def test_when_the_adult_version_is_named_but_the_plan_uses_the_teen_one_then_it_is_the_teen_one() -> None:
    assert scores("T: Your PHQ-9 from the portal totals eleven.", plan_with({"PHQ-A": "monthly"})) == [
        ("PHQ-A", 11)
    ]


def test_when_partners_scores_are_given_in_one_sentence_then_only_the_clients_is_kept() -> None:
    found = scores(
        "T: You both filled in the EPDS.\nC: We did.\n"
        "T: [PERSON_1], yours is a six; [CLIENT], you totalled fifteen."
    )
    assert found == [("EPDS", 15)]


def test_when_a_parent_gives_their_own_score_as_mine_then_it_is_excluded() -> None:
    assert scores("P: Mine was a fourteen on the GAD-7, but that one is about me.") == []


def test_when_a_distress_rating_recalls_a_moment_outside_exposure_work_then_it_is_not_a_measure() -> None:
    assert scores("T: From 0 to 10, how upset were you when the call ended?\nC: A nine.") == []
    assert scores("T: From 0 to 10, how upset were you when the call ended?\nC: A nine.", EXPOSURE_PLAN) == [
        ("SUDS", 9)
    ]


def test_when_a_question_goes_round_the_group_then_the_clients_later_answer_is_found() -> None:
    found = scores("T: Mood check, 1 to 10. [PERSON_2], start us off.\nC2: Six.\nC3: Three.\nC: Um, five.")
    assert found == [("Scaling question", 5)]


def test_when_a_second_ruler_is_asked_without_its_scale_then_it_is_still_a_scaling_question() -> None:
    found = scores(
        """
T: On a 0 to 10 ruler, how confident are you that you can use the time-out?
C: Seven, probably.
T: And how important is staying in this job to you?
C: Ten.
"""
    )
    assert found == [("Scaling question", 7), ("Scaling question", 10)]


def test_when_a_ruler_question_ends_with_a_full_stop_then_it_is_still_answered() -> None:
    text = "T: If 0 is not ready and 10 is fully ready, where do you think you are with quitting.\nC: A four."
    assert scores(text) == [("Scaling question", 4)]


def test_when_the_teen_version_s_last_item_is_endorsed_then_risk_reads_it_though_it_is_no_measure() -> None:
    facts = extract("T: Your PHQ-A is a sixteen. Its final item, the one on harming yourself: several days.")
    assert [(m.instrument, m.score) for m in facts.measures] == [("PHQ-A", 16)]
    assert facts.risk.present
    assert not facts.risk.denied


# --------------------------------------------------------------------------- further standard instruments


@pytest.mark.parametrize(
    ("said", "instrument", "value"),
    [
        ("T: Your Insomnia Severity Index came out at nineteen.", "ISI", 19),
        ("T: The sleep questionnaire, the I S I, you scored a sixteen.", "ISI", 16),
        ("T: The DASS twenty-one you did adds up to forty-four overall.", "DASS-21", 44),
        ("T: Your K ten total is twenty-six.", "K10", 26),
        ("T: The Kessler you filled in came out at twenty-two.", "K10", 22),
        ("T: Your CORE-10 score today is eighteen.", "CORE-10", 18),
        ("T: On the Outcome Rating Scale today you're at a twenty-eight.", "ORS", 28),
        ("T: And the S R S you filled in at the end, you gave it thirty-six.", "SRS", 36),
        ("T: The Penn State you filled in added up to sixty-two.", "PSWQ", 62),
    ],
)
def test_when_a_further_standard_instrument_is_named_then_its_score_is_reported(
    said: str, instrument: str, value: float
) -> None:
    assert scores(said) == [(instrument, value)]


@pytest.mark.parametrize(
    "said",
    [
        "T: Your GAD-7 came out at thirty.",
        "T: Your PHQ-9 total is forty.",
        "T: The Kessler came out at a nine.",
        "T: Your ISI is a thirty-five.",
    ],
)
def test_when_a_number_is_outside_the_instruments_range_then_no_score_is_reported(said: str) -> None:
    assert scores(said) == []


def test_when_a_subscale_is_scored_then_it_is_not_reported_as_the_total() -> None:
    assert scores("T: On the DASS-21 your stress scale was fourteen.") == []
    found = scores("T: Your Y-BOCS total is twenty-four, with obsessions at twelve.")
    assert found == [("Y-BOCS", 24)]


def test_when_an_unresolved_reference_follows_the_named_questionnaire_then_the_later_score_is_its() -> None:
    found = scores(
        """
T: You filled out the anxiety questionnaire in the waiting room.
C: Yeah, the seven questions.
T: Let me add it up. It comes out at twelve.
"""
    )
    assert found == [("GAD-7", 12)]


def test_when_a_score_is_said_with_its_severity_band_a_turn_later_then_it_is_reported() -> None:
    found = scores(
        "T: I scored the depression questionnaire you did.\nC: And?\nT: Eleven, which is moderate."
    )
    assert found == [("PHQ-9", 11)]


def test_when_the_therapist_answers_another_members_question_then_that_score_is_not_the_clients() -> None:
    found = scores(
        """
T: [CLIENT], your PHQ-9 came out at twelve.
C: Okay, that's lower.
C2: What did I get on mine?
T: Yours was a nineteen.
C: That's quite a bit higher than me.
"""
    )
    assert found == [("PHQ-9", 12)]


def test_when_exposure_work_asks_a_rating_in_its_own_words_then_it_is_suds_not_scaling() -> None:
    found = scores(
        """
T: Let's begin today's exposure with the doorknob.
C: Okay, I'm touching it.
T: If ten is the worst you have felt, where are you?
C: Seven maybe.
"""
    )
    assert found == [("SUDS", 7)]


def test_when_the_client_places_herself_on_the_scale_during_exposure_then_it_is_suds() -> None:
    found = scores("T: Now hold the railing.\nC: Okay. I'm at like a seventy.", EXPOSURE_PLAN)
    assert found == [("SUDS", 70)]


def test_when_the_total_is_said_as_all_together_a_turn_after_the_name_then_it_is_reported() -> None:
    found = scores("T: Here is your PCL-5 back.\nC: Oh, okay.\nT: So all together it's a thirty-two.")
    assert found == [("PCL-5", 32)]


def test_when_the_client_says_where_the_distress_has_dropped_to_during_exposure_then_it_is_suds() -> None:
    found = scores("T: Keep looking at it.\nC: It's down to a forty now.", EXPOSURE_PLAN)
    assert found == [("SUDS", 40)]


def test_when_exposure_work_asks_how_high_it_is_then_the_answer_is_suds() -> None:
    found = scores("T: Stay with the image. How high is it now?\nC: Seventy.", EXPOSURE_PLAN)
    assert found == [("SUDS", 70)]


def test_when_no_exposure_work_is_going_on_then_a_dropped_number_is_not_a_rating() -> None:
    assert scores("T: How is the new job?\nC: My hours dropped to thirty.") == []


def test_when_the_client_answers_after_another_member_then_the_clients_own_score_is_reported() -> None:
    found = scores("T: What did you get on the GAD-7?\nC2: Twelve.\nC: Seven for me.")
    assert found == [("GAD-7", 7)]
    found = scores("T: [PERSON_2], what did you get on the GAD-7?\nC2: Twelve.\nT: And you?\nC: Seven.")
    assert found == [("GAD-7", 7)]


def test_when_another_member_names_the_questionnaire_then_the_clients_later_own_score_is_reported() -> None:
    found = scores(
        "C2: I did the PHQ-9 and got a twenty.\n"
        "T: Thanks for sharing. And how about you?\n"
        "C: Mine was eleven."
    )
    assert found == [("PHQ-9", 11)]


def test_when_a_partners_score_and_the_clients_share_a_sentence_then_only_the_clients_is_reported() -> None:
    assert scores("T: Your partner's PHQ-9 was fourteen, and yours was ten.\nC: Okay.") == [("PHQ-9", 10)]


def test_when_a_ruler_is_put_to_both_partners_then_the_clients_answer_after_the_other_is_found() -> None:
    found = scores("T: On a scale of zero to ten, how confident are you both feeling?\nC2: Eight.\nC: Six.")
    assert found == [("Scaling question", 6)]


@pytest.mark.parametrize(
    "said",
    [
        "T: So on the GAD-7, what did you end up with?\nC: I think it was eleven.",
        "T: How did the GAD-7 turn out?\nC: Eleven.",
    ],
)
def test_when_the_therapist_asks_the_score_in_other_words_then_the_clients_answer_is_it(said: str) -> None:
    assert scores(said) == [("GAD-7", 11)]


def test_when_the_social_phobia_inventory_is_spelled_out_then_it_is_recognised() -> None:
    assert scores("T: The S P I N is a twenty-nine today.") == [("SPIN", 29)]


@pytest.mark.parametrize(
    "said",
    [
        "T: The cutoff for the PHQ-9 is ten.\nC: Okay.",
        "T: On the GAD-7, ten and above is worth watching.\nC: Okay.",
        "T: Scores of fifteen or more on the PHQ-9 are moderately severe.\nC: Okay.",
    ],
)
def test_when_the_therapist_explains_a_threshold_then_its_number_is_not_a_score(said: str) -> None:
    assert scores(said) == []


def test_when_the_client_says_mines_after_a_threshold_then_only_her_own_score_is_reported() -> None:
    found = scores("T: Fifteen or more on the PHQ-9 is moderately severe.\nC: Mine's twelve.")
    assert found == [("PHQ-9", 12)]


def test_when_the_therapist_coaches_response_prevention_then_a_plain_ruler_question_is_suds() -> None:
    found = scores(
        """
T: Stay with it without checking the lock, and let the anxiety peak.
C: Okay, I'm staying.
T: Zero to ten, where are you now?
C: Six.
"""
    )
    assert found == [("SUDS", 6)]
    assert scores("T: Zero to ten, where are you now?\nC: Six.") == [("Scaling question", 6)]


def test_when_each_number_is_said_before_its_instrument_then_each_goes_to_the_one_named_after_it() -> None:
    found = scores("T: You scored thirteen on the PHQ-9 and ten on the GAD-7.")
    assert found == [("PHQ-9", 13), ("GAD-7", 10)]


def test_when_an_items_answer_comes_before_the_item_in_its_clause_then_it_is_not_the_total() -> None:
    found = scores("T: Your PHQ-9 is eleven, and you marked a zero on the last item.")
    assert found == [("PHQ-9", 11), ("PHQ-9 item 9", 0)]
