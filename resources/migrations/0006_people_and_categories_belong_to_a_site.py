"""People and categories belong to a site: each existing row goes to the site whose articles use it."""

from django.db import migrations, models

from cms.site_owned_migration import give_rows_a_site, site_field


def give_people_and_categories_a_site(apps, schema_editor):
    person = apps.get_model("resources", "Person")
    category = apps.get_model("resources", "ResourceCategory")
    articles = apps.get_model("resources", "ArticlePage").objects

    def usages(*fields):
        for field in fields:
            yield from articles.values_list(f"{field}_id", "path", "pk")

    def repoint_to(*fields):
        def repoint(copy, row, page_ids):
            for field in fields:
                articles.filter(pk__in=page_ids, **{f"{field}_id": row.pk}).update(**{f"{field}_id": copy.pk})

        return repoint

    give_rows_a_site(
        apps,
        person,
        usages("author", "medical_reviewer"),
        copy_fields=["name", "role", "photo_id", "bio", "profile_url"],
        repoint=repoint_to("author", "medical_reviewer"),
    )
    give_rows_a_site(
        apps,
        category,
        usages("category"),
        copy_fields=["name", "slug", "description", "sort_order"],
        repoint=repoint_to("category"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0005_editor_help_and_block_limits"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [
        migrations.AddField(model_name="person", name="site", field=site_field(null=True)),
        migrations.AddField(model_name="resourcecategory", name="site", field=site_field(null=True)),
        migrations.AlterField(
            model_name="resourcecategory",
            name="name",
            field=models.CharField(help_text="Short and plain, e.g. 'Treatment basics'.", max_length=80),
        ),
        migrations.AlterField(
            model_name="resourcecategory",
            name="slug",
            field=models.SlugField(
                help_text="Used in filter links, e.g. /resources/?category=treatment-basics.", max_length=80
            ),
        ),
        migrations.RunPython(give_people_and_categories_a_site, migrations.RunPython.noop),
        migrations.AlterField(model_name="person", name="site", field=site_field(null=False)),
        migrations.AlterField(model_name="resourcecategory", name="site", field=site_field(null=False)),
        migrations.AddConstraint(
            model_name="resourcecategory",
            constraint=models.UniqueConstraint(fields=("site", "name"), name="resources_category_name_per_site"),
        ),
        migrations.AddConstraint(
            model_name="resourcecategory",
            constraint=models.UniqueConstraint(fields=("site", "slug"), name="resources_category_slug_per_site"),
        ),
    ]
