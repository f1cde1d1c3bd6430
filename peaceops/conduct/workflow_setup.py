"""What the workflow installs when the app is ready: the deadlines' schedule (`deadlines.register_schedule`) and
the workflow card on a conduct case's page (`core.kit.sections`)."""


def setup_workflow() -> None:
    from peaceops.core.kit.sections import DetailSection, register_section

    from .deadlines import register_schedule
    from .workflow_views import workflow_section

    register_schedule()
    register_section(
        DetailSection(
            key="conduct-workflow",
            model="conduct.case",
            template="conduct/_workflow_section.html",
            context=workflow_section,
        )
    )
