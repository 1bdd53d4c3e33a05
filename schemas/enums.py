"""Closed sets shared by the coder, the warehouse and the command line."""
from enum import Enum, IntEnum


class Modality(str, Enum):
    """How a report stands to reality. Only `asserted` events count as having happened."""

    asserted = "asserted"          # reported as a fact
    negated = "negated"            # "has not imposed new sanctions"
    denied = "denied"              # "there had been no conversation", "denied launching"
    planned = "planned"            # "will hold a call", "plans to", "to adopt on Monday"
    hypothetical = "hypothetical"  # "could", "would", "may"
    conditional = "conditional"    # "if ...", "unless ..."
    opposed = "opposed"            # "cautioned against new sanctions", "urged not to"
    requested = "requested"        # "called for new sanctions", "urged a ceasefire"
    alleged = "alleged"            # "accused X of launching", "claimed that X attacked"


class DatePrecision(str, Enum):
    day = "day"
    week = "week"
    month = "month"
    year = "year"

    @property
    def acled_time_precision(self) -> int:
        """ACLED's time_precision: 1 day, 2 week, 3 month (a year is reported as 3, its coarsest)."""
        return {"day": 1, "week": 2, "month": 3, "year": 3}[self.value]


class QuadClass(IntEnum):
    verbal_cooperation = 1
    material_cooperation = 2
    verbal_conflict = 3
    material_conflict = 4


class AcledDisorderType(str, Enum):
    political_violence = "Political violence"
    demonstrations = "Demonstrations"
    strategic_developments = "Strategic developments"


class AcledEventType(str, Enum):
    battles = "Battles"
    explosions = "Explosions/Remote violence"
    violence_against_civilians = "Violence against civilians"
    protests = "Protests"
    riots = "Riots"
    strategic_developments = "Strategic developments"


class AcledSubEventType(str, Enum):
    armed_clash = "Armed clash"
    government_regains_territory = "Government regains territory"
    non_state_actor_overtakes_territory = "Non-state actor overtakes territory"
    chemical_weapon = "Chemical weapon"
    air_drone_strike = "Air/drone strike"
    suicide_bomb = "Suicide bomb"
    shelling_artillery_missile_attack = "Shelling/artillery/missile attack"
    remote_explosive_landmine_ied = "Remote explosive/landmine/IED"
    grenade = "Grenade"
    sexual_violence = "Sexual violence"
    attack = "Attack"
    abduction_forced_disappearance = "Abduction/forced disappearance"
    peaceful_protest = "Peaceful protest"
    protest_with_intervention = "Protest with intervention"
    excessive_force_against_protesters = "Excessive force against protesters"
    violent_demonstration = "Violent demonstration"
    mob_violence = "Mob violence"
    agreement = "Agreement"
    arrests = "Arrests"
    change_to_group_activity = "Change to group/activity"
    disrupted_weapons_use = "Disrupted weapons use"
    headquarters_or_base_established = "Headquarters or base established"
    looting_property_destruction = "Looting/property destruction"
    non_violent_transfer_of_territory = "Non-violent transfer of territory"
    other = "Other"


MISSION_KINDS = frozenset({
    "phone_call", "drone_strike", "weapons_pause", "weapons_delivery",
    "sanctions", "sanctions_relief", "sanctions_threat",
})
