"""Saved calls to action belong to a site: each existing one goes to the site whose pages show it.

Pages find it in their StreamFields, read here from Wagtail's reference index. One shown on several
sites' pages stays with the first (the default site first): the other sites' pages keep showing it
until an editor next saves them, when they are asked to choose one of their own site's.
"""

from django.db import migrations, models

from cms.site_owned_migration import give_rows_a_site, site_field


def give_calls_to_action_a_site(apps, schema_editor):
    model = apps.get_model("marketing", "ReusableCallToAction")
    content_types = apps.get_model("contenttypes", "ContentType").objects
    page_type = content_types.filter(app_label="wagtailcore", model="page").first()
    own_type = content_types.filter(app_label="marketing", model="reusablecalltoaction").first()
    usages = []
    if page_type and own_type:
        references = apps.get_model("wagtailcore", "ReferenceIndex").objects.filter(
            base_content_type=page_type, to_content_type=own_type
        )
        page_paths = dict(
            apps.get_model("wagtailcore", "Page")
            .objects.filter(pk__in=[int(pk) for pk in references.values_list("object_id", flat=True)])
            .values_list("pk", "path")
        )
        for page_id, row_id in references.values_list("object_id", "to_object_id"):
            if row_id.isdigit() and int(page_id) in page_paths:
                usages.append((int(row_id), page_paths[int(page_id)], int(page_id)))
    give_rows_a_site(apps, model, usages)


class Migration(migrations.Migration):
    dependencies = [
        ("marketing", "0003_editor_help_text"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(model_name="reusablecalltoaction", name="site", field=site_field(null=True)),
        migrations.AlterField(
            model_name="reusablecalltoaction",
            name="name",
            field=models.CharField(help_text="For editors only, e.g. “Spring consultation”.", max_length=80),
        ),
        migrations.RunPython(give_calls_to_action_a_site, migrations.RunPython.noop),
        migrations.AlterField(model_name="reusablecalltoaction", name="site", field=site_field(null=False)),
        migrations.AddConstraint(
            model_name="reusablecalltoaction",
            constraint=models.UniqueConstraint(fields=("site", "name"), name="marketing_cta_name_per_site"),
        ),
    ]
