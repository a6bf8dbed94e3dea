"""The editorial roles and the "Medical review" workflow, on every database (production included).

Wagtail's own "Editors" group (add and edit pages, no publishing) is kept as it is, or made if it was
deleted. This adds "Medical reviewers" (edit and publish pages, approve medical reviews) and "Site
managers" (every site's settings, the people, categories and calls to action, the newsletter
subscribers), and the "Medical review" workflow — one MedicalReviewTask for the Medical reviewers —
assigned to every Resources hub that has no workflow of its own. Each group works on every site;
teams limited to one site are made from them (cms/permissions.py, seed_demo).

Permissions and content types are created here when missing, as a fresh database has none until the
end of `migrate`.
"""

from django.db import migrations

EDITORS = "Editors"
REVIEWERS = "Medical reviewers"
MANAGERS = "Site managers"
MEDICAL_REVIEW = "Medical review"

ACCESS_ADMIN = ("wagtailadmin", "admin", "access_admin", "Can access Wagtail admin")
IMAGES = ("wagtailimages", "image", "image")
DOCUMENTS = ("wagtaildocs", "document", "document")
SITE_SETTINGS = [
    ("marketing", "sitesettings", "site settings"),
    ("newsletter", "newslettersettings", "Newsletter"),
    ("wagtailseo", "seosettings", "SEO"),
]
SNIPPETS = [
    ("resources", "person", "person"),
    ("resources", "resourcecategory", "resource category"),
    ("marketing", "reusablecalltoaction", "saved call to action"),
]
SUBSCRIBER = ("newsletter", "subscriber", "subscriber")


def model_permission(apps, app_label, model, action, verbose_name):
    return permission(apps, (app_label, model, f"{action}_{model}", f"Can {action} {verbose_name}"))


def permission(apps, spec):
    content_types = apps.get_model("contenttypes", "ContentType")
    permissions = apps.get_model("auth", "Permission")
    app_label, model, codename, name = spec
    content_type, _ = content_types.objects.get_or_create(app_label=app_label, model=model)
    found, _ = permissions.objects.get_or_create(content_type=content_type, codename=codename, defaults={"name": name})
    return found


def media_permissions(apps, actions):
    return [model_permission(apps, *kind[:2], action, kind[2]) for kind in (IMAGES, DOCUMENTS) for action in actions]


def grant(apps, group, *, model_permissions, page_actions=(), collection_actions=()):
    group.permissions.add(*model_permissions)
    page = apps.get_model("wagtailcore", "Page").objects.filter(depth=1).first()
    group_page_permissions = apps.get_model("wagtailcore", "GroupPagePermission")
    for action in page_actions if page else ():
        group_page_permissions.objects.get_or_create(
            group=group, page=page, permission=model_permission(apps, "wagtailcore", "page", action, "page")
        )
    collection = apps.get_model("wagtailcore", "Collection").objects.filter(depth=1).first()
    group_collection_permissions = apps.get_model("wagtailcore", "GroupCollectionPermission")
    for kind in (IMAGES, DOCUMENTS) if collection else ():
        for action in collection_actions:
            group_collection_permissions.objects.get_or_create(
                group=group, collection=collection, permission=model_permission(apps, *kind[:2], action, kind[2])
            )


def create_roles(apps, schema_editor):
    groups = apps.get_model("auth", "Group")
    admin = permission(apps, ACCESS_ADMIN)

    editors, created = groups.objects.get_or_create(name=EDITORS)
    if created:  # as Wagtail's first migration makes it
        grant(
            apps,
            editors,
            model_permissions=[admin, *media_permissions(apps, ["add", "change", "choose", "delete"])],
            page_actions=["add", "change"],
            collection_actions=["add", "change", "choose"],
        )

    reviewers, created = groups.objects.get_or_create(name=REVIEWERS)
    if created:
        grant(
            apps,
            reviewers,
            model_permissions=[admin, *media_permissions(apps, ["add", "change", "choose", "delete"])],
            page_actions=["add", "change", "publish", "lock", "unlock"],
            collection_actions=["add", "change", "choose"],
        )

    managers, created = groups.objects.get_or_create(name=MANAGERS)
    if created:
        grant(
            apps,
            managers,
            model_permissions=[
                admin,
                *media_permissions(apps, ["add", "choose"]),
                *(model_permission(apps, app, model, "change", name) for app, model, name in SITE_SETTINGS),
                *(
                    model_permission(apps, app, model, action, name)
                    for app, model, name in SNIPPETS
                    for action in ("add", "change", "delete", "view")
                ),
                *(model_permission(apps, *SUBSCRIBER[:2], action, SUBSCRIBER[2]) for action in ("view", "change")),
            ],
            collection_actions=["add", "choose"],
        )

    create_medical_review(apps, reviewers)


def create_medical_review(apps, reviewers):
    workflows = apps.get_model("wagtailcore", "Workflow")
    if workflows.objects.filter(name=MEDICAL_REVIEW).exists():
        return
    content_type, _ = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="resources", model="medicalreviewtask"
    )
    task = apps.get_model("resources", "MedicalReviewTask").objects.create(
        name=MEDICAL_REVIEW, content_type=content_type, active=True
    )
    task.groups.add(reviewers)
    workflow = workflows.objects.create(name=MEDICAL_REVIEW, active=True)
    apps.get_model("wagtailcore", "WorkflowTask").objects.create(workflow=workflow, task=task, sort_order=0)
    # Every existing hub without a workflow of its own: its articles go through the review.
    workflow_pages = apps.get_model("wagtailcore", "WorkflowPage")
    hubs = apps.get_model("resources", "ResourcesIndexPage").objects.exclude(
        pk__in=workflow_pages.objects.values("page_id")
    )
    for hub_id in hubs.values_list("pk", flat=True):
        workflow_pages.objects.create(page_id=hub_id, workflow=workflow)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("resources", "0004_person_user_medicalreviewtask"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
