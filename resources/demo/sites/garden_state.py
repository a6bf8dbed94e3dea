"""Garden State Ketamine Care, on nj.localhost: New Jersey only, $300/month."""

from __future__ import annotations

from decimal import Decimal

from .spec import (
    CRISIS_LINE,
    GARDEN_STATE_CATEGORIES,
    GARDEN_STATE_PEOPLE,
    NEW_JERSEY_COUNTIES,
    DemoSite,
    PageRef,
    PageSpec,
    area,
    call_to_action,
    callout,
    coverage,
    disclaimer,
    faq,
    footer,
    heading,
    inclusions,
    link,
    nav,
    paragraph,
    pricing,
)

GARDEN_STATE_STEPS = (
    "<ol>"
    "<li><b>Meet a New Jersey physician.</b> Your first video visit is a full medical assessment, with an "
    "honest answer about whether ketamine therapy is a sensible option for you.</li>"
    "<li><b>Plan together.</b> You agree the dose, the schedule and who will sit with you, and we send a "
    "session kit and arrange delivery of your prescription.</li>"
    "<li><b>Sessions at home.</b> Check your blood pressure, take the prescribed dose and rest, with your "
    "sitter beside you and our care team a message away.</li>"
    "<li><b>Regular reviews.</b> We look at your progress with you and change the plan, or stop, when that "
    "is the right call.</li>"
    "</ol>"
)

GARDEN_STATE = DemoSite(
    key="garden-state",
    site_name="Garden State Ketamine Care",
    team="Garden State",
    reviewer="Dr. Elena Marchetti",
    people=GARDEN_STATE_PEOPLE,
    categories=GARDEN_STATE_CATEGORIES,
    hostname="nj.localhost",
    port=8000,
    is_default_site=False,
    home=PageSpec(
        slug="garden-state",
        fields={
            "title": "Ketamine therapy at home, across New Jersey",
            "introduction": (
                "Garden State Ketamine Care offers physician-led ketamine therapy at home for adults in all 21 "
                "New Jersey counties, with a local care team a message away."
            ),
            "seo_title": "Garden State Ketamine Care: at-home ketamine therapy in New Jersey",
            "search_description": (
                "At-home ketamine therapy for adults in New Jersey, led by New Jersey-licensed physicians, with "
                "one monthly fee."
            ),
            "body": [
                heading("How care works"),
                paragraph(GARDEN_STATE_STEPS + '<p><a href="/how-it-works/">Read the full guide</a></p>'),
                pricing("One monthly fee"),
                coverage("Serving all of New Jersey"),
                call_to_action(),
            ],
        },
    ),
    hub=PageSpec(
        slug="resources",
        fields={
            "title": "Resources",
            "introduction": (
                "Guides from our New Jersey care team: getting started, staying safe, paying for care and looking "
                "after yourself between sessions. Every clinical guide is checked by our medical director."
            ),
        },
    ),
    landing_pages=[
        PageSpec(
            slug="how-it-works",
            fields={
                "title": "How it works",
                "introduction": (
                    "What at-home ketamine therapy with Garden State Ketamine Care involves, from the first "
                    "video visit to your regular reviews."
                ),
                "search_description": "The steps of at-home ketamine therapy with Garden State Ketamine Care.",
                "body": [
                    heading("Your first appointment"),
                    paragraph(
                        "<p>A physician licensed in New Jersey meets you by video. We ask about your mood, what "
                        "you have already tried, your physical health and your medicines, and who could stay "
                        'with you during sessions. <a href="/resources/your-first-appointment-what-we-ask/">What '
                        "we ask, and why</a>.</p>"
                    ),
                    heading("A plan that fits your week"),
                    paragraph(
                        "<p>If ketamine therapy may help, you agree a written plan: the dose, the schedule, your "
                        "sitter and your blood pressure limit. Most people choose a regular day off for "
                        "sessions.</p>"
                    ),
                    heading("Session days"),
                    paragraph(
                        "<ul><li>Be at home in New Jersey, with your sitter.</li>"
                        "<li>Check your blood pressure before you take the medicine.</li>"
                        "<li>Rest for about two hours, then record how you feel.</li>"
                        "<li>No alcohol, no driving and no big decisions until the next day.</li></ul>"
                    ),
                    callout(
                        "takeaway",
                        "Honest about results",
                        "<p>Ketamine therapy helps some people with depression and not others. We review your "
                        "progress regularly and will suggest stopping, or other care, if it is not helping.</p>",
                    ),
                    heading("Reviews"),
                    paragraph(
                        "<p>Your physician reviews your progress with you every few weeks. With your consent, we "
                        "keep your primary care doctor and therapist informed.</p>"
                    ),
                    callout("warning", "In a crisis", CRISIS_LINE),
                    call_to_action(),
                ],
            },
        ),
        PageSpec(
            slug="ketamine-therapy-in-new-jersey",
            fields={
                "title": "Ketamine therapy in New Jersey",
                "introduction": (
                    "We are a New Jersey service: our physicians are licensed here, and we care for people in "
                    "every county, from the Skylands to the Shore."
                ),
                "search_description": "At-home ketamine therapy in all 21 New Jersey counties.",
                "body": [
                    paragraph(
                        "<p>Wherever you live in the state, you have the same care: a physician's assessment by "
                        "video, sessions at home with a sitter, prescriptions delivered by a licensed pharmacy, "
                        "and a care team you can message seven days a week.</p>"
                    ),
                    coverage("Counties we serve"),
                    paragraph(
                        "<p>You need to be in New Jersey for your visits and sessions. If you commute or study "
                        'out of state, <a href="/resources/telehealth-in-new-jersey/">here is how people plan '
                        "around it</a>.</p>"
                    ),
                    call_to_action(),
                    disclaimer(),
                ],
            },
        ),
        PageSpec(
            slug="pricing",
            fields={
                "title": "Pricing",
                "introduction": "One monthly fee, no long contracts, and a written estimate before you start.",
                "search_description": "What at-home ketamine therapy with Garden State Ketamine Care costs.",
                "body": [
                    pricing("Our monthly fee"),
                    paragraph(
                        "<p>The first assessment is charged separately, and the medicine is billed by the "
                        'pharmacy that dispenses it. <a href="/resources/what-your-monthly-fee-covers/">What the '
                        "fee covers</a>.</p>"
                    ),
                    faq(
                        "Pricing questions",
                        [
                            (
                                "Do you take insurance?",
                                "<p>We are not in network with health plans. Some plans reimburse part of the cost "
                                "of physician visits; we provide itemised receipts for you to claim.</p>",
                            ),
                            (
                                "Can I pause my care?",
                                "<p>Yes. Tell us before the next month starts, and we pause billing until you "
                                "return to active care.</p>",
                            ),
                            (
                                "Are there cancellation fees?",
                                "<p>Not for sessions rearranged with reasonable notice. Your health and safety "
                                "come first.</p>",
                            ),
                        ],
                    ),
                    call_to_action(
                        eyebrow="Questions first?",
                        title="Read how care works",
                        text="See each step, from your first appointment to your reviews.",
                        button_label="How it works",
                        page=PageRef("how-it-works"),
                    ),
                ],
            },
        ),
    ],
    settings={
        "brand_name": "Garden State Ketamine Care",
        "primary_colour": "#2f5d3a",
        "accent_colour": "#8c3b2e",
        "phone": "(973) 555-0182",
        "email": "gardenstate@example.com",
        "hours": "Monday to Saturday, 8am to 7pm Eastern",
        "starting_price": Decimal("300.00"),
        "billing_period": "month",
        "inclusions": inclusions(
            "Physician licensed in New Jersey, with regular reviews",
            "Care team messaging 7 days a week",
            "Blood pressure monitor and session kit",
            "Prescriptions delivered by a licensed pharmacy",
        ),
        "cta_label": "Book an assessment",
        "cta_page": PageRef("pricing"),
        "cta_url": "",
        "coverage": [area("New Jersey", NEW_JERSEY_COUNTIES)],
        "disclaimer": (
            "<p>Garden State Ketamine Care publishes these pages to help you understand your options. They are "
            "general information, not medical advice, and reading them does not make you our patient. Only a "
            "clinician who has assessed you can say whether a treatment is safe for you, and ketamine therapy does "
            "not help everyone. <b>If you are thinking about suicide or are in crisis, call or text 988</b>; in an "
            "emergency, call 911.</p>"
        ),
        "header_links": nav(
            link(PageRef("how-it-works")),
            link(PageRef("pricing")),
            link(PageRef("resources"), "Guides"),
        ),
        "footer_columns": footer(
            (
                "Our care",
                [
                    link(PageRef("how-it-works")),
                    link(PageRef("pricing")),
                    link(PageRef("ketamine-therapy-in-new-jersey"), "Counties we serve"),
                ],
            ),
            (
                "Guides",
                [
                    link(PageRef("resources"), "All guides"),
                    link(PageRef("resources/your-first-appointment-what-we-ask"), "Your first appointment"),
                    link(PageRef("resources/blood-pressure-and-ketamine"), "Blood pressure checks"),
                    link(PageRef("resources/what-your-monthly-fee-covers"), "What the fee covers"),
                ],
            ),
        ),
        "analytics_measurement_id": "",
    },
    newsletter={
        "heading": "Notes from our New Jersey care team",
        "blurb": "New guides and practical tips, about once a month. We never share your address.",
        "success_message": "Thanks for signing up! Look out for our next note.",
        "consent_text": "Yes, send me occasional emails from {site}. I can unsubscribe at any time.",
    },
)
