"""Entries complete and true: the signed review, the group's conditions, the appeal route of its
own question, "materially supports", the date first used, OMB's development stages, both
tiers when they differ, the official who accepted the risk, withheld fields with a reason, and
a Spanish version checked for reading ease."""

import csv
import io
from datetime import date

from flask import Flask
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator, FormatChecker

from ctdppeia.extensions import db
from ctdppeia.inventory import services
from ctdppeia.inventory.facts import inventory_facts
from ctdppeia.models import AICondition, AIDecision, AIUseCase, User
from tests.conftest import AuthActions
from tests.factories.inventory import MakeUseCase, Publish, Sign
from tests.inventory.test_facts import _review

SPANISH = {"Accept-Language": "es"}
EASY_ES = "Responde preguntas sobre los beneficios. Usa solo las páginas públicas de la agencia."
HARD_ES = (
    "La implementación institucionalizada de metodologías computacionales probabilísticas "
    "interdepartamentales garantiza consideraciones administrativas extraordinariamente "
    "pormenorizadas."
)


def _facts(app: Flask, use_case_id: int) -> dict[str, object]:
    with app.test_request_context():
        return inventory_facts(db.session.get_one(AIUseCase, use_case_id))


def _system(client: FlaskClient, public_id: str = "CT-DSS-0001") -> dict[str, object]:
    document = client.get("/ai-inventory.json").get_json()
    return next(s for s in document["systems"] if s["public_id"] == public_id)


def test_a_signed_review_is_the_impact_assessment_with_its_date_and_record(
    app: Flask, client: FlaskClient, make_use_case: MakeUseCase, publisher: User, sign: Sign
) -> None:
    """The bug: a signed review of a system first used after signing said "No"."""
    use_case_id = make_use_case()
    answers = {"I11": "yes", "I8": "no", "I12": "2026-02-20", "I7": "supports"}
    _review(app, use_case_id, publisher, answers)
    assert _facts(app, use_case_id)["impact_assessment_completed"] is False
    digest = sign(use_case_id)  # signed 10 February 2026, before the first use
    facts = _facts(app, use_case_id)
    assert facts["impact_assessment_before_use"] is True
    assert facts["impact_assessment_completed"] is True
    assert facts["impact_assessment_date"] == "2026-02-10"
    assert str(facts["impact_assessment_record"]).endswith(f"/records/{digest}")
    assert facts["decision_role"] == "materially_supports"
    assert facts["date_first_used"] == "2026-02-20"
    page = client.get(f"/ai-use-cases/{use_case_id}/inventory").get_data(as_text=True)
    assert '<option selected value="yes">' in page  # impact assessment before use
    assert '<option selected value="materially_supports">' in page


def test_the_signed_fields_are_published_and_never_typed(
    app: Flask, client: FlaskClient, make_use_case: MakeUseCase, publish: Publish, sign: Sign
) -> None:
    use_case_id = make_use_case()
    forged = {"impact_assessment_completed": "true", "practice_testing": "done"}
    assert publish(use_case_id, **forged).status_code == 302
    system = _system(client)
    assert system["impact_assessment_completed"] is False
    assert system["impact_assessment_record"] is None
    assert system["practice_testing"] == "not_started"
    digest = sign(use_case_id)
    assert publish(use_case_id, change_note="Signed.").status_code == 302
    system = _system(client)
    assert system["impact_assessment_completed"] is True
    assert system["impact_assessment_date"] == "2026-02-10"
    page = client.get("/ai-inventory/CT-DSS-0001").get_data(as_text=True)
    assert f'/records/{digest}">' in page


def test_the_groups_conditions_fill_the_entry(
    app: Flask, client: FlaskClient, make_use_case: MakeUseCase
) -> None:
    use_case_id = make_use_case()
    with app.app_context():
        decision = db.session.scalars(db.select(AIDecision)).one()
        db.session.add(
            AICondition(
                decision_id=decision.id,
                text="Check a sample of answers every month.",
                owner_name="The agency's AI lead",
                due_on=date(2026, 6, 1),
            )
        )
        db.session.commit()
    assert _facts(app, use_case_id)["conditions"] == "- Check a sample of answers every month."


def test_a_changed_tier_publishes_both_tiers_and_needs_the_reason(
    client: FlaskClient, make_use_case: MakeUseCase, publish: Publish
) -> None:
    use_case_id = make_use_case()
    page = publish(use_case_id, risk_tier="low", rules_risk_tier="high").get_data(as_text=True)
    assert "Say why the tier differs from the one the questionnaire gave" in page
    reason = "The questionnaire's presumption was set aside by the Chief AI Officer."
    answer = publish(
        use_case_id, risk_tier="low", rules_risk_tier="high", tier_change_reason=reason
    )
    assert answer.status_code == 302
    system = _system(client)
    assert (system["risk_tier"], system["rules_risk_tier"]) == ("low", "high")
    assert system["tier_change_reason"] == reason


def test_the_date_first_used_is_needed_in_use_and_never_in_the_future(
    make_use_case: MakeUseCase, publish: Publish
) -> None:
    use_case_id = make_use_case()
    page = publish(use_case_id, date_first_used="").get_data(as_text=True)
    assert "Enter the date the system was first used" in page
    page = publish(use_case_id, date_first_used="2099-01-01").get_data(as_text=True)
    assert "The date first used cannot be in the future." in page
    assert publish(use_case_id, development_stage="pre_deployment", date_first_used="")


def test_a_withheld_field_shows_its_reason_everywhere(
    client: FlaskClient, make_use_case: MakeUseCase, publish: Publish, auth: AuthActions
) -> None:
    use_case_id = make_use_case()
    reason = "Law enforcement: naming the vendor would help people evade the tool."
    assert publish(use_case_id, withhold_vendor=reason).status_code == 302
    auth.logout()
    document = client.get("/ai-inventory.json").get_json()
    schema = client.get("/ai-inventory/schema/v1.json").get_json()
    Draft202012Validator(schema, format_checker=FormatChecker()).validate(document)
    system = _system(client)
    assert system["vendor"] == f"Withheld: {reason}"
    assert system["withheld"] == {"vendor": reason}
    rows = list(csv.DictReader(io.StringIO(client.get("/ai-inventory.csv").data.decode())))
    assert rows[0]["vendor"] == f"Withheld: {reason}"
    page = client.get("/ai-inventory/CT-DSS-0001").get_data(as_text=True)
    assert "Withheld:" in page and "Acme AI" not in page
    spanish = client.get("/ai-inventory/CT-DSS-0001", headers=SPANISH).get_data(as_text=True)
    assert "Retenido:" in spanish


def test_withholding_needs_a_field_that_may_be_withheld() -> None:
    problems = services.check({"withheld": {"name": "Secret", "vendor": " "}})
    assert problems["withhold_name"] == "This field cannot be withheld."
    assert problems["withhold_vendor"].startswith("Give the reason")


def test_the_spanish_text_is_checked_and_shown_in_spanish(
    client: FlaskClient, make_use_case: MakeUseCase, publish: Publish, auth: AuthActions
) -> None:
    use_case_id = make_use_case()
    page = publish(use_case_id, capabilities_and_uses_es=HARD_ES).get_data(as_text=True)
    assert "This Spanish text is hard to read (Fernández Huerta reading ease" in page
    assert publish(use_case_id, capabilities_and_uses_es=EASY_ES).status_code == 302
    auth.logout()
    spanish = client.get("/ai-inventory/CT-DSS-0001", headers=SPANISH).get_data(as_text=True)
    assert f'<span lang="es">{EASY_ES}</span>' in spanish
    english = client.get("/ai-inventory/CT-DSS-0001").get_data(as_text=True)
    assert EASY_ES not in english and "Answers questions about benefits" in english
    assert _system(client)["capabilities_and_uses_es"] == EASY_ES


def test_a_deployed_high_impact_use_names_who_accepted_the_risk(
    make_use_case: MakeUseCase, publish: Publish
) -> None:
    use_case_id = make_use_case()
    page = publish(use_case_id, development_stage="deployed", risk_tier="high").get_data(
        as_text=True
    )
    assert "Name the official who accepted the remaining risk" in page


def test_why_this_tier_and_what_changed_have_spanish_versions(
    client: FlaskClient, make_use_case: MakeUseCase, publish: Publish, auth: AuthActions
) -> None:
    use_case_id = make_use_case()
    basis_es = "Usa solo páginas públicas. No usa datos de las personas."
    note_es = "Es la primera versión de esta entrada."
    hard = publish(use_case_id, change_note="First version.", change_note_es=HARD_ES)
    assert "This Spanish text is hard to read" in hard.get_data(as_text=True)
    response = publish(
        use_case_id, risk_tier_basis_es=basis_es, change_note="First version.",
        change_note_es=note_es,
    )  # fmt: skip
    assert response.status_code == 302
    auth.logout()
    spanish = client.get("/ai-inventory/CT-DSS-0001", headers=SPANISH).get_data(as_text=True)
    assert f'<span lang="es">{basis_es}</span>' in spanish
    assert f'<span lang="es">{note_es}</span>' in spanish
    english = client.get("/ai-inventory/CT-DSS-0001").get_data(as_text=True)
    assert basis_es not in english and note_es not in english
    assert _system(client)["change_note_es"] == note_es


def test_a_withheld_field_keeps_no_spanish_version(
    client: FlaskClient, make_use_case: MakeUseCase, publish: Publish, auth: AuthActions
) -> None:
    use_case_id = make_use_case()
    response = publish(
        use_case_id,
        capabilities_and_uses_es=EASY_ES,
        withhold_capabilities_and_uses="It would show how fraud is found.",
    )
    assert response.status_code == 302
    auth.logout()
    assert _system(client)["capabilities_and_uses_es"] is None
    spanish = client.get("/ai-inventory/CT-DSS-0001", headers=SPANISH).get_data(as_text=True)
    assert EASY_ES not in spanish
