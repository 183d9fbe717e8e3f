"""Who a sentence says made a claim, and the chain it reached the article through."""

from claims.suggestions.attribution import attribute


def _chain(sentence: str) -> list[tuple[str, str]]:
    return [(hop.name, hop.verb) for hop in attribute(sentence).chain]


def test_the_by_accident_chain_is_read_in_order_with_its_three_hops():
    said = attribute(
        "Moscow has denied supporting the uprising, and today Reuters cited Russian news "
        "agencies that quoted a defense ministry source as saying that the captured soldiers "
        'had crossed the border into Ukraine "by accident."'
    )
    assert [(hop.name, hop.verb) for hop in said.chain] == [
        ("Reuters", "citing"),
        ("Russian news agencies", "quoting"),
        ("defense ministry source", "said"),
    ]
    assert (said.claimant, said.kind) == ("defense ministry source", "person")


def test_a_wire_citing_an_agency_quoting_a_source_in_russian():
    said = attribute(
        "Агентство Reuters, ссылаясь на РИА Новости, цитирующие источник в Минобороны, "
        "сообщило, что солдаты пересекли границу случайно."
    )
    assert [(hop.name, hop.verb) for hop in said.chain] == [
        ("Агентство Reuters", "citing"),
        ("РИА Новости", "quoting"),
        ("источник в Минобороны", "said"),
    ]
    assert _chain("Reuters со ссылкой на ТАСС сообщило об обстреле.") == [
        ("Reuters", "citing"),
        ("ТАСС", "said"),
    ]


def test_the_one_who_says_it_before_or_after_the_verb():
    assert attribute("The chief mortician said 368 bodies had passed through.").claimant == (
        "chief mortician"
    )
    assert attribute('"We buried 52 bodies yesterday," said Anatolievich.').claimant == (
        "Anatolievich"
    )
    told = attribute(
        '"All the refrigerators are full," the morgue\'s director Kalashnikov Anatolievich '
        "told VICE News."
    )
    assert (told.claimant, told.kind) == ("Kalashnikov Anatolievich", "person")


def test_according_to_names_the_source_of_the_figures():
    said = attribute(
        "At least 344,000 have fled, according to the latest figures from the United Nations."
    )
    assert (said.claimant, said.kind) == ("United Nations", "organisation")


def test_a_pronoun_is_the_last_person_named_before():
    previous = ["One of the men identified himself as Ivan Milchankov, a paratrooper."]
    said = attribute('"We\'ve come as cannon fodder," he said in the video.', previous)
    assert (said.claimant, said.kind) == ("Ivan Milchankov", "person")
    assert "he" in said.how


def test_governments_by_their_capitals_and_passives_name_no_one():
    assert attribute("Kiev has long accused Moscow of arming the rebels.").claimant == "Kiev"
    assert attribute("Kiev has long accused Moscow of arming the rebels.").kind == "government"
    assert attribute("Many of the dead are no longer being claimed.").claimant == ""


def test_ukrainian_saying_verbs():
    said = attribute("Загинули троє людей, повідомив голова обласної адміністрації.")
    assert said.claimant == "голова обласної адміністрації"
    assert said.kind == "person"


def test_the_outlets_own_reporting_attributes_nothing():
    said = attribute("Seven shells hit the territory of Kalinina hospital on Sunday morning.")
    assert (said.claimant, said.chain) == ("", ())
