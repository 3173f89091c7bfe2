"""Interventions told in ordinary words: one invented dialogue per general pattern family.

Every dialogue here is fictional and written from the technique's clinical definition (treatment
manuals), in words no development case uses; each asserts the technique is found as delivered, and the
look-alike tests assert what must not be.
"""

from __future__ import annotations

import pytest

from tests.unit.extract_helpers import extract


def delivered(text: str) -> list[str]:
    return [f.name for f in extract(text).interventions]


def proposed(text: str) -> list[str]:
    return [f.name for f in extract(text).proposed]


FAMILIES = {
    "Psychoeducation": """
T: Could I take a minute to explain what's going on when your chest tightens like that?
C: Sure.
T: When your brain decides something is a threat, it floods the body with adrenaline so you can run.
T: The heart pounds and breathing speeds up. It's a protective system, just misfiring in a meeting room.
C: So it's not a heart attack.
T: No. And the more you avoid meetings, the more your brain treats them as dangerous.
T: Avoiding works in the short term but keeps the fear alive over time.
C: That actually makes sense.
""",
    "Behavioral activation": """
T: You said gardening used to lift you. What would it look like to get back to it this week?
C: Maybe repotting the basil.
T: Which day, and what time of day, would you do it?
C: Saturday morning after coffee.
T: Put that into your calendar now, and afterwards rate how much you enjoyed it and how much you got done.
C: Okay, enjoyment and accomplishment.
""",
    "Communication analysis (IPT)": """
T: I'd like to go through that phone call with your brother carefully, slowly.
C: Okay.
T: When he brought up the money, what did you answer?
C: I told him he always does this.
T: And what do you think he was feeling when he heard that?
C: Attacked, probably.
T: And what are you hoping for from him, deep down?
C: That he'd apologise.
""",
    "Role-play (behavioral rehearsal)": """
T: Let's rehearse asking your landlord about the repair. I'll be the landlord and you make the request.
C: Um, hi, the heater still isn't working and it's been three weeks.
T: As the landlord now: I'm very busy, can it wait until spring?
C: No, it can't. I need a date this week.
T: Out of role now. How was that?
C: Shaky, but good.
""",
    "Safety planning": """
T: For the rest of the hour, let's create a written plan for the evenings when the urges come back.
C: Okay.
T: Which warning signs tell you an evening is turning bad?
C: Not eating, staying in my room, scrolling late.
T: And which friends or relatives could you call, and who could you be with?
C: My cousin, and my neighbour downstairs.
T: We'll put the crisis line on it too, and talk about locking away the pills.
C: Alright.
""",
    "Safety plan review": """
T: Let's pull up the safety plan and check whether it is up to date.
C: Here it is on my phone.
T: Do those warning signs still fit, or has anything changed?
C: I'd add skipping my morning walk.
T: And the contacts on it, still the right ones?
C: Yes, still my sister first.
""",
    "Relapse prevention": """
T: Let's map your early warning signs, the ones that show up before an episode.
C: Sleeping less, and spending money online.
T: For each sign we'll note an action. So, sleeping under six hours twice: which action goes with it?
C: Call my prescriber and cancel late plans.
""",
    "Self-monitoring review": """
T: Let's go through your mood diary from this week, day by day.
C: Monday and Tuesday were fine, Wednesday was low.
T: What did the diary show about the hours before Wednesday got low?
C: I'd skipped lunch and argued with my partner.
T: I see a pattern in your entries: the low days follow the days with long gaps and conflict.
C: Yeah, I can see that.
""",
    "Regular eating (CBT-E)": """
T: Let's set up regular eating for your workdays, three meals and two snacks.
C: Breakfast is the hard one.
T: The aim is no more than four hours without eating during the day. What could you eat at ten?
C: A banana and some nuts.
""",
    "Interpersonal and social rhythm therapy": """
T: Can we go over your social rhythm chart from the week?
C: I filled in most of it.
T: Your rising times were steady except Sunday.
T: Let's pick one anchor for the weekend, a fixed rising time and a breakfast with someone.
C: Nine o'clock, with my flatmate.
""",
    "Structural family therapy (enactment)": """
T: Instead of explaining it to me, I'd like you both to talk to each other about the phone rule right now.
P: Okay. Phones stay downstairs after nine, I think.
C: That's so early.
T: Tell her, not me. Keep talking to each other.
P: Nine on school nights, ten on weekends.
C: Fine, ten on weekends.
""",
    "Stimulus control (CBT-I)": """
T: Here's the main rule: use your bed just for sleep from now on, no laptop or phone there.
C: That's where I watch everything.
T: When you can't fall asleep within roughly twenty minutes, leave the bedroom and return once you're drowsy.
C: Even in the middle of the night?
""",
    "Urge surfing": """
T: Let's practise urge surfing right now. Think of a craving from this week.
C: Okay, the one last night.
T: Notice where it sits in your body, and imagine that craving as a wave.
T: Ride the wave while it rises, peaks, then drops.
C: It's getting a bit smaller.
""",
    "Exposure and response prevention": """
T: Put both palms on the bin lid now, and then no washing until we finish today.
C: My hands feel dirty.
T: Resist any urge to wash. I'm not going to tell you it's clean.
C: It's an eighty.
""",
    "Cognitive defusion (ACT)": """
T: Try saying it as: my mind is telling me I'll fail the exam.
C: My mind is telling me I'll fail the exam.
T: Now thank your mind for it, the way you'd thank an anxious friend.
C: Thanks, mind. Huh, it feels lighter.
""",
    "Values clarification (ACT)": """
T: If worry weren't in charge, how would you spend your evenings?
C: Coaching my son's football team.
T: So what is important to you, underneath that?
C: Being there for him, being part of something.
""",
    "Problem-solving": """
T: So the problem is the bus is late every morning. Let's brainstorm every option, even odd ones.
C: Cycling, an earlier bus, asking for a later start.
T: What are the pros and cons of each option?
C: The earlier bus is the easiest.
T: And if the earlier bus doesn't work, what's your backup plan?
C: Ask my manager about flexible hours.
""",
    "Distress tolerance (DBT)": """
T: When the feeling spikes like that, the goal is to get through the moment without making it worse.
C: How?
T: One TIPP skill is hard exercise: a minute of fast star jumps can bring the surge down. Try a round?
C: Okay, here goes.
""",
    "Emotion regulation (DBT)": """
T: Let's put a name on the feeling first. What emotion was that, underneath the irritation?
C: Hurt, I think. And some shame.
T: Does the shame fit the facts of what happened?
C: Not really, I didn't do anything wrong.
""",
    "Anger management (CBT)": """
T: On your anger thermometer, where were you when you slammed the drawer?
C: About an eight.
T: What are the first body signs of anger for you, before you reach a five?
C: Hot face, fists.
""",
}


@pytest.mark.parametrize("name", list(FAMILIES))
def test_when_a_technique_is_done_in_ordinary_words_then_it_is_delivered(name: str) -> None:
    assert name in delivered(FAMILIES[name])


def test_when_a_technique_is_offered_for_next_session_then_it_is_only_proposed() -> None:
    text = """
T: How did this week go?
C: Up and down.
T: At our next appointment I'd suggest we practise urge surfing together.
C: Okay, maybe.
"""
    assert delivered(text) == []
    assert proposed(text) == ["Urge surfing"]


def test_when_the_client_describes_practising_at_home_then_it_is_a_homework_review_not_delivery() -> None:
    text = """
T: Were you able to practise the body scan on your own?
C: Three nights. I scanned up through my body from my toes and it helped me fall asleep.
T: Good. What else happened this week?
C: Work was busy.
"""
    assert delivered(text) == []


def test_when_a_technique_was_done_in_an_earlier_session_then_it_is_not_delivered_today() -> None:
    text = """
T: Last session we practised grounding, naming five objects in the room. How has your mood been?
C: Better, mostly.
T: Tell me about the weekend.
C: I saw my sister.
"""
    assert delivered(text) == []


def test_when_a_solution_is_only_a_joke_then_problem_solving_is_not_delivered() -> None:
    text = """
T: Your printer jammed again?
C: I hit it and it worked. Problem solved. [laughs]
T: [laughs] Percussive maintenance. How did the rest of your week go?
C: Pretty calm.
"""
    assert delivered(text) == []


def test_when_a_plan_is_described_as_conditional_then_it_is_not_delivered() -> None:
    text = """
T: Another time we could try an exposure at the supermarket.
C: That sounds hard.
T: We would build the ladder first and start with the car park. We won't do any of that until you're ready.
C: Okay.
"""
    assert "In vivo exposure" not in delivered(text)
    assert "In vivo exposure" in proposed(text)


def test_when_one_cue_word_appears_in_passing_then_no_technique_is_delivered() -> None:
    text = """
T: How was the trip?
C: The ladder on the boat was slippery and my brother kept checking the weather.
T: Sounds eventful. Anything else on your mind?
C: Just tired.
"""
    assert delivered(text) == []
