"""The cast of the demo "November of NO": who the fifteen invented people are and what they ask.

web.demo_data turns them into users, goals and a month of asks; each persona's
rates decide how often it asks and how often it hears yes.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Persona:
    username: str
    name: str
    category: str
    recipients: tuple[str, ...]
    titles: tuple[str, ...]
    asks_per_week: float
    yes_rate: float
    amount: tuple[int, int] | None = None


PEOPLE = (
    Persona(
        "maya",
        "Maya",
        "Pitch",
        ("The Atlantic", "Wired", "Longreads", "Catapult", "Outside", "Slate", "Guernica"),
        (
            "Pitch: the last lighthouse keepers",
            "Pitch: night trains are back",
            "Pitch: a town that banned leaf blowers",
            "Essay: what 100 rejections taught me",
            "Pitch: the mushroom foragers of Berlin",
        ),
        5,
        0.12,
    ),
    Persona(
        "jonas",
        "Jonas",
        "Job",
        ("Spotify", "Zalando", "N26", "Doctolib", "Personio", "Celonis", "Trade Republic"),
        ("Application: senior data analyst", "Application: analytics lead", "Referral request"),
        4,
        0.08,
    ),
    Persona(
        "aisha",
        "Aisha",
        "Grant",
        ("MacDowell", "Yaddo", "Arts Council", "Creative Capital", "Headlands"),
        ("Residency application", "Project grant: tidal drawings", "Travel grant"),
        2,
        0.15,
        (500, 15000),
    ),
    Persona(
        "tom",
        "Tom",
        "Funding",
        ("Point Nine", "Seedcamp", "Cherry Ventures", "an angel from the meetup", "LocalGlobe"),
        ("Seed round intro", "Follow-up deck", "Ask for a warm intro"),
        4,
        0.1,
        (25000, 250000),
    ),
    Persona(
        "lena",
        "Lena",
        "Funding",
        ("Mrs. Okafor", "the Bakery on Main", "Rotary Club", "Dr. Weiss", "the hardware store"),
        ("Donation ask: library roof", "Sponsor the school run", "Raffle prize ask"),
        5,
        0.3,
        (20, 2000),
    ),
    Persona(
        "sam",
        "Sam",
        "Date",
        ("Alex from climbing", "Robin (book club)", "Jules", "Kai from the choir"),
        ("Asked for a coffee", "Asked to the gig on Friday", "Asked for a walk"),
        2,
        0.25,
    ),
    Persona(
        "priya",
        "Priya",
        "Pitch",
        ("PyCon DE", "EuroPython", "JSConf EU", "DjangoCon Europe", "FOSDEM"),
        ("Talk proposal: testing with time", "Workshop proposal", "Lightning talk"),
        2,
        0.2,
    ),
    Persona(
        "carlos",
        "Carlos",
        "Collaboration",
        ("Café Lume", "Studio Nord", "the co-working space", "Greta's agency"),
        ("Proposal: website redesign", "Offer: monthly retainer", "Case study ask"),
        4,
        0.15,
        (800, 6000),
    ),
    Persona(
        "kim",
        "Kim",
        "Pitch",
        ("Poetry Magazine", "Ploughshares", "The Rumpus", "Granta", "Tin House"),
        ("Poems: three about rivers", "Poem: inventory", "Chapbook submission"),
        4,
        0.06,
    ),
    Persona(
        "olu",
        "Olu",
        "Job",
        ("SAP", "Delivery Hero", "GetYourGuide", "Contentful", "HelloFresh"),
        ("Application: backend engineer", "Application: platform engineer", "Coffee chat ask"),
        4,
        0.1,
    ),
    Persona(
        "nina",
        "Nina",
        "Pitch",
        ("Kantine am Berghain", "a Spotify editor", "Radio Eins", "the jazz bar", "Lido"),
        ("Gig request", "Playlist pitch: new single", "Support slot ask"),
        3,
        0.15,
    ),
    Persona(
        "ravi",
        "Ravi",
        "Collaboration",
        ("Prof. Schmidt", "Prof. Laurent", "Dr. Chen", "the ETH lab", "Prof. Novak"),
        ("PhD position enquiry", "Ask for a reference", "Research visit request"),
        2,
        0.12,
    ),
    Persona(
        "eva",
        "Eva",
        "Pitch",
        ("Walker Books", "Agent: Hannah Shaw", "Nobrow", "Agent: Sam Ortiz", "Flying Eye"),
        ("Picture book query", "Portfolio submission", "Illustration pitch"),
        3,
        0.08,
    ),
    Persona(
        "ben",
        "Ben",
        "Other",
        ("my manager", "the landlord", "the gym", "my bank", "the airline"),
        ("Asked for a raise", "Asked for a rent reduction", "Asked to waive the fee"),
        2,
        0.35,
    ),
    Persona(
        "zoe",
        "Zoe",
        "Other",
        ("a neighbour", "the local paper", "the council", "a café owner", "the school"),
        ("Volunteer ask: park clean-up", "Ask to put up a poster", "Ask for a meeting room"),
        3,
        0.4,
    ),
)

CHECKIN_NOTES = (
    "Three no's this week and none of them hurt as much as I expected.",
    "A personal no! They said to try again in spring.",
    "Slow week. Sent two asks on Sunday night to make up for it.",
    "Got a yes I had forgotten about. Still counting the no's.",
    "Form rejections all round. Onwards.",
    "Asked the scariest person on my list. They said no, kindly.",
)
