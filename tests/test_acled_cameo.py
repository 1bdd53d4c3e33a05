"""CAMEO roots 14, 17, 18, 19 and 20 with their most used sub-codes, from news wording."""
import pytest

from eventpipe.coding.coder import Coder
from eventpipe.schemas import Document

# (sentence, CAMEO code of its first asserted event, its root)
CASES = [
    # 14 PROTEST
    ("Thousands of people demonstrated in Tbilisi against the foreign agents law.", "141", "14"),
    ("Jailed activists began a hunger strike in Cairo.", "142", "14"),
    ("Doctors in Kenya went on strike over unpaid salaries.", "143", "14"),
    ("Farmers blocked the highway between Delhi and Haryana with tractors.", "144", "14"),
    ("Riots broke out in Dakar after the opposition leader was sentenced.", "145", "14"),
    # 17 COERCE
    ("Gunmen looted shops and stole livestock in Zamfara.", "1711", "17"),
    ("Militants torched 12 huts in Nyirol county.", "1712", "17"),
    ("The junta cut off internet access in 33 townships.", "1721", "17"),
    ("The government imposed a dusk-to-dawn curfew in Jos.", "1723", "17"),
    ("Police arrested a prominent opposition leader in Kampala.", "173", "17"),
    ("Greece deported hundreds of migrants to Turkey.", "174", "17"),
    ("Police fired tear gas to disperse hundreds of protesters in Nairobi.", "175", "17"),
    ("Russian hackers hit the Ukrainian power grid with a cyberattack.", "176", "17"),
    # 18 ASSAULT
    ("Suspected herders attacked a farming community in Benue.", "180", "18"),
    ("Gunmen abducted more than 80 students from a school in Kebbi State.", "181", "18"),
    ("Soldiers raped at least ten women during a raid on a village in Tigray.", "1821", "18"),
    ("Three men said they were tortured by police officers in Mbombela.", "1822", "18"),
    ("A mob lynched a man accused of stealing a motorcycle in Kisumu.", "1823", "18"),
    ("A suicide bomber blew himself up at a mosque in Peshawar.", "1831", "18"),
    ("A car bomb exploded outside a hotel in Mogadishu.", "1832", "18"),
    ("A roadside bomb struck a military convoy in Kunar province.", "1833", "18"),
    ("Militants used villagers as human shields during the army's advance.", "184", "18"),
    ("The governor survived an assassination attempt in Kandahar.", "185", "18"),
    ("Gunmen assassinated a local councillor in Sinaloa.", "186", "18"),
    # 19 FIGHT
    ("Government troops clashed with Boko Haram fighters near Maiduguri.", "190", "19"),
    ("Russian troops besieged Mariupol for weeks.", "191", "19"),
    ("M23 rebels seized control of Bunagana after heavy fighting.", "192", "19"),
    ("Soldiers exchanged fire with gunmen near the border town of Diffa.", "193", "19"),
    ("Russian forces shelled residential areas of Kharkiv on Monday.", "194", "19"),
    ("Israeli airstrikes hit several buildings in Gaza City overnight.", "195", "19"),
    ("Russian aircraft dropped guided bombs on Kharkiv.", "1951", "19"),
    ("A US drone strike killed a senior al-Shabaab commander near Jilib.", "1952", "19"),
    ("Rebels violated the ceasefire by attacking army positions near Mweso.", "196", "19"),
    # 20 UNCONVENTIONAL MASS VIOLENCE
    ("Militiamen massacred dozens of villagers in Ituri province.", "202", "20"),
    ("Rights groups documented ethnic cleansing in West Darfur.", "203", "20"),
    ("Syrian government helicopters dropped chlorine gas barrels on Douma.", "2041", "20"),
]


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder()


@pytest.mark.parametrize(("text", "code", "root"), CASES, ids=lambda v: str(v)[:50])
def test_cameo_code(coder, text, code, root):
    events = [e for e in coder.code_document(Document(text=text)) if e.modality.value == "asserted"]
    assert events, "no asserted event"
    assert (events[0].cameo_code, events[0].cameo_root) == (code, root), events[0].rule_id
