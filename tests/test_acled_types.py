"""Every ACLED sub-event type from ordinary news wording: one or two sentences each, as a news
snippet reports the event (not ACLED's house style). The coder's first asserted ACLED event is what
an ACLED-style scorer reads, so that is what is checked; states are checked where the text names them.
"""
import pytest

from eventpipe.coding.coder import Coder
from eventpipe.schemas import Document

# (snippet, ACLED sub-event type, source state, target state); None = not stated, not checked
CASES = [
    # --- Battles --------------------------------------------------------------------------------
    ("Government troops clashed with Boko Haram fighters near Maiduguri on Tuesday, the army said.",
     "Armed clash", None, None),
    ("Heavy fighting broke out between the army and rebels in North Kivu, leaving 12 dead.", "Armed clash", None, None),
    ("Taliban fighters attacked a police checkpoint in Kunduz overnight, killing four officers.",
     "Armed clash", None, None),
    ("Soldiers exchanged fire with gunmen for two hours near the border town of Diffa.", "Armed clash", None, None),
    ("Russian and Ukrainian troops fought street by street in Bakhmut on Friday.", "Armed clash", None, None),
    ("Government forces recaptured the town of Konna from jihadists after two days of fighting.",
     "Government regains territory", None, None),
    ("The Ethiopian army retook Lalibela from Tigrayan forces on Sunday.", "Government regains territory", None, None),
    ("Iraqi troops regained control of the village after driving out Islamic State militants.",
     "Government regains territory", None, None),
    ("M23 rebels seized control of Bunagana, a town on the border with Uganda, after heavy fighting.",
     "Non-state actor overtakes territory", None, None),
    ("Al-Shabaab militants captured the town of Bulo Burde after a battle with government troops.",
     "Non-state actor overtakes territory", None, None),
    ("Jihadists overran an army base in northern Burkina Faso and took control of the area.",
     "Non-state actor overtakes territory", None, None),
    # --- Explosions/Remote violence ---------------------------------------------------------------
    ("Syrian government helicopters dropped barrels filled with chlorine gas on the town of Douma.",
     "Chemical weapon", None, None),
    ("Witnesses said sarin was used in the attack on Khan Sheikhoun that killed dozens.", "Chemical weapon", None, None),
    ("Dozens of people suffocated after a poison gas attack on the rebel-held suburb, doctors said.",
     "Chemical weapon", None, None),
    ("Israeli airstrikes hit several buildings in Gaza City overnight, killing five people.",
     "Air/drone strike", "ISR", None),
    ("A US drone strike killed a senior al-Shabaab commander near Jilib.", "Air/drone strike", "USA", None),
    ("Saudi-led coalition warplanes bombed a market in Saada province.", "Air/drone strike", None, "YEM"),
    ("Russia launched dozens of Shahed drones at Kyiv overnight.", "Air/drone strike", "RUS", "UKR"),
    ("A suicide bomber blew himself up at a mosque in Peshawar during Friday prayers, killing 57 people.",
     "Suicide bomb", None, None),
    ("A suicide car bomb exploded at a military checkpoint in Mogadishu.", "Suicide bomb", None, None),
    ("Two suicide bombers detonated explosive vests outside a church in Jolo.", "Suicide bomb", None, None),
    ("Russian forces shelled residential areas of Kharkiv on Monday.", "Shelling/artillery/missile attack", "RUS", "UKR"),
    ("Militants fired rockets at the airport in Erbil late on Sunday.", "Shelling/artillery/missile attack", None, None),
    ("A Russian missile strike hit a shopping centre in Kremenchuk.", "Shelling/artillery/missile attack", "RUS", "UKR"),
    ("Mortar rounds landed near the presidential palace in Mogadishu.", "Shelling/artillery/missile attack", None, None),
    ("A roadside bomb struck a military convoy in Kunar province, killing three soldiers.",
     "Remote explosive/landmine/IED", None, None),
    ("Two children were killed when they stepped on a landmine near their village.",
     "Remote explosive/landmine/IED", None, None),
    ("An improvised explosive device went off near a police station in Quetta.",
     "Remote explosive/landmine/IED", None, None),
    ("A car bomb exploded outside a hotel in the centre of Mogadishu.", "Remote explosive/landmine/IED", None, None),
    ("Unknown attackers threw a grenade at a police station in Srinagar, wounding two officers.", "Grenade", None, None),
    ("A hand grenade was hurled into a crowded market in Kisumu.", "Grenade", None, None),
    ("A grenade attack on a bar in Bujumbura injured eight people.", "Grenade", None, None),
    # --- Violence against civilians ---------------------------------------------------------------
    ("Soldiers raped at least ten women during a raid on a village in Tigray.", "Sexual violence", None, None),
    ("Militiamen sexually assaulted displaced girls near Bunia, a UN report said.", "Sexual violence", None, None),
    ("A woman was gang-raped by armed men at a camp for displaced people in Darfur.", "Sexual violence", None, None),
    ("Gunmen killed 14 villagers in an attack on a village in Plateau State.", "Attack", None, None),
    ("Suspected herders attacked a farming community in Benue, killing five people.", "Attack", None, None),
    ("Unidentified gunmen shot dead a journalist outside his home in Culiacan.", "Attack", None, None),
    ("Soldiers opened fire on civilians fleeing the town, witnesses said.", "Attack", None, None),
    ("Gunmen abducted more than 80 students from a school in Kebbi State.", "Abduction/forced disappearance", None, None),
    ("Armed men kidnapped two aid workers on the road to Gao.", "Abduction/forced disappearance", None, None),
    ("An opposition activist was taken away by men in plain clothes and has not been seen since.",
     "Abduction/forced disappearance", None, None),
    # --- Protests ---------------------------------------------------------------------------------
    ("Thousands of people marched through central London on Saturday to demand action on climate change.",
     "Peaceful protest", None, None),
    ("Teachers in Nairobi went on strike over unpaid salaries.", "Peaceful protest", None, None),
    ("Hundreds of farmers staged a sit-in outside the agriculture ministry in Islamabad.",
     "Peaceful protest", None, None),
    ("Residents held a candlelight vigil in Minneapolis for the victims of the shooting.", "Peaceful protest", None, None),
    ("Police fired tear gas to disperse hundreds of protesters in Nairobi on Monday.",
     "Protest with intervention", None, None),
    ("Riot police used water cannon to break up a rally of opposition supporters in Tbilisi.",
     "Protest with intervention", None, None),
    ("Students protested against fee increases in Johannesburg; police arrested 12 of them.",
     "Protest with intervention", None, None),
    ("Security forces opened fire on protesters in Khartoum, killing three people.",
     "Excessive force against protesters", None, None),
    ("Police shot dead two demonstrators during a protest against fuel prices in Conakry.",
     "Excessive force against protesters", None, None),
    ("Four protesters were killed when troops fired live ammunition at a crowd in Mandalay.",
     "Excessive force against protesters", None, None),
    # --- Riots ------------------------------------------------------------------------------------
    ("Protesters threw stones at police and set tyres on fire in Dakar after the verdict.",
     "Violent demonstration", None, None),
    ("Demonstrators clashed with police in Santiago and burned a metro station.", "Violent demonstration", None, None),
    ("The protest turned violent when demonstrators stormed the governor's office in Lagos.",
     "Violent demonstration", None, None),
    ("A mob lynched a man accused of stealing a motorcycle in Kisumu.", "Mob violence", None, None),
    ("Villagers beat a suspected thief to death in Ruaraka.", "Mob violence", None, None),
    ("Supporters of two rival parties clashed in Shillong, injuring 15 people.", "Mob violence", None, None),
    ("Israeli settlers hurled stones at Palestinian cars near Nablus.", "Mob violence", None, None),
    # --- Strategic developments ---------------------------------------------------------------------
    ("The government and the rebels signed a ceasefire agreement in Juba on Sunday.", "Agreement", None, None),
    ("Russia and Ukraine exchanged 144 prisoners of war on Friday.", "Agreement", "RUS", "UKR"),
    ("Forty Boko Haram fighters surrendered to the army in Bama.", "Agreement", None, None),
    ("Police arrested a prominent opposition leader at his home in Kampala on Tuesday.", "Arrests", None, None),
    ("Security forces detained 20 people suspected of links to the rebels.", "Arrests", None, None),
    ("Authorities rounded up dozens of journalists and activists in Minsk.", "Arrests", None, None),
    ("Hundreds of Wagner fighters were deployed to central Mali last week.", "Change to group/activity", None, None),
    ("The two armed groups announced their merger into a new coalition.", "Change to group/activity", None, None),
    ("The government imposed a dusk-to-dawn curfew in Jos after the violence.", "Change to group/activity", None, None),
    ("Ukrainian air defences shot down 25 of the 30 drones launched overnight.", "Disrupted weapons use", "UKR", None),
    ("Bomb disposal experts defused an explosive device found near the market in Maiduguri.",
     "Disrupted weapons use", None, None),
    ("Police seized a large cache of weapons and ammunition in a raid in Nangarhar.", "Disrupted weapons use", None, None),
    ("The Israeli air defence system intercepted a rocket fired from Gaza.", "Disrupted weapons use", "ISR", None),
    ("Wagner fighters established a base near the gold mines of Intahaka.",
     "Headquarters or base established", None, None),
    ("The militia set up its headquarters in an abandoned school in the town.",
     "Headquarters or base established", None, None),
    ("Al-Shabaab opened a new base in the forest near Jilib.", "Headquarters or base established", None, None),
    ("Militants torched dozens of houses in a village in Borno.", "Looting/property destruction", None, None),
    ("Gunmen looted shops and stole livestock in Zamfara.", "Looting/property destruction", None, None),
    ("Israeli authorities demolished three Palestinian homes in East Jerusalem.",
     "Looting/property destruction", None, None),
    ("Russian forces withdrew from Kherson without a fight, and Ukrainian troops entered the city.",
     "Non-violent transfer of territory", None, None),
    ("The army handed over control of the base to the regional police.", "Non-violent transfer of territory", None, None),
    ("Rebels took over the town without resistance after government troops pulled out.",
     "Non-violent transfer of territory", None, None),
    ("More than 3,000 people were displaced by the fighting in Cabo Delgado.", "Other", None, None),
    ("The junta cut off internet access in 33 townships of Sagaing region.", "Other", None, None),
    ("Thousands of families fled their homes after the clashes in Ituri.", "Other", None, None),
]

# Wording that looks like another type, and how ACLED reads it.
TRAPS = [
    # a protest ABOUT a killing is a protest
    ("Hundreds of people protested in Nairobi on Monday over the killing of a student by police.",
     "Peaceful protest"),
    ("Following the killing of a youth leader, residents marched to the police station to demand justice.",
     "Peaceful protest"),
    # police arresting demonstrators after a protest: intervention
    ("Demonstrators gathered outside parliament. Police arrested 12 protesters.", "Protest with intervention"),
    # clashing with police during a demonstration: violent demonstration
    ("Protesters clashed with police during a demonstration against the new tax law in Accra.",
     "Violent demonstration"),
    # a lynching by a mob is mob violence
    ("A suspected witch was lynched by a mob in Kilifi.", "Mob violence"),
    # shooting down a drone is disrupted weapons use
    ("The army shot down a drone over the city.", "Disrupted weapons use"),
    # blocking a road is still peaceful; with burning tyres it is violent
    ("Farmers blocked the highway with their tractors to protest low prices.", "Peaceful protest"),
    ("Residents blocked the road with burning tyres to protest a power cut.", "Violent demonstration"),
    # killed soldiers make a clash, killed villagers an attack
    ("Militants killed seven soldiers in an ambush near Mopti.", "Armed clash"),
    ("Militants killed seven villagers in an attack near Mopti.", "Attack"),
    # tear gas is riot control, not a chemical weapon
    ("Police fired tear gas at students demonstrating in Dhaka.", "Protest with intervention"),
    # a stun grenade is riot control, not a grenade attack
    ("Riot police threw stun grenades to disperse the crowd in Yerevan.", "Protest with intervention"),
    # killed by a blast: the blast decides the type
    ("Three soldiers were killed when their vehicle hit a landmine in Kunar.", "Remote explosive/landmine/IED"),
    # names are not events
    ("Students rallied at Louisiana State University in Baton Rouge against the war.", "Peaceful protest"),
]

# Threats, plans and hypotheticals are not events.
NOT_EVENTS = [
    "The militants threatened to attack the town if the army did not withdraw.",
    "Opposition parties plan to hold nationwide protests next week.",
    "The government warned that it could impose a curfew.",
    "Unions will go on strike on Monday if talks fail.",
    "Officials denied that any protesters had been arrested.",
]


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder()


def first_acled(coder: Coder, text: str):
    events = coder.code_document(Document(text=text))
    return next((e for e in events if e.modality.value == "asserted" and e.acled_sub_event_type), None)


@pytest.mark.parametrize(("text", "sub_event", "source", "target"), CASES, ids=lambda v: str(v)[:50])
def test_news_snippet_gets_its_acled_type(coder, text, sub_event, source, target):
    event = first_acled(coder, text)
    assert event is not None, "no ACLED event"
    assert event.acled_sub_event_type.value == sub_event, (event.rule_id, event.mentions[0].trigger)
    if source:
        assert event.source_actor is not None and event.source_actor.country == source
    if target:
        assert event.target_actor is not None and event.target_actor.country == target


@pytest.mark.parametrize(("text", "sub_event"), TRAPS, ids=lambda v: str(v)[:50])
def test_trap(coder, text, sub_event):
    event = first_acled(coder, text)
    assert event is not None, "no ACLED event"
    assert event.acled_sub_event_type.value == sub_event, (event.rule_id, event.mentions[0].trigger)


@pytest.mark.parametrize("text", NOT_EVENTS, ids=lambda v: v[:50])
def test_threats_and_plans_are_not_events(coder, text):
    assert first_acled(coder, text) is None


def test_every_sub_event_type_has_three_snippets():
    from collections import Counter

    from eventpipe.schemas.enums import AcledSubEventType

    counts = Counter(sub for _, sub, _, _ in CASES)
    assert {t.value for t in AcledSubEventType} == set(counts)
    assert min(counts.values()) >= 3, counts
