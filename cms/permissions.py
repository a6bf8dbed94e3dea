"""Which sites a user works on, and groups that hold a role for one site only.

The roles are the groups of the migration ``cms/0001_editorial_roles``: "Editors", "Medical reviewers"
and "Site managers", each for every site. A site with a team of its own gets a copy of each role
limited to it (``limit_role_to_site``): its page permissions on the site's home page instead of the
whole tree, its site-setting permissions for that site only (Wagtail's GroupSitePermission,
which the settings menu and edit view already honour, answering 403 for another site's settings),
and its image and document permissions on the site's own collection, with "choose" on the shared
collection that only administrators change.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, GroupSitePermission, Site

EDITORS = "Editors"
MEDICAL_REVIEWERS = "Medical reviewers"
SITE_MANAGERS = "Site managers"
ROLES = (EDITORS, MEDICAL_REVIEWERS, SITE_MANAGERS)

SHARED_COLLECTION = "Shared"
# What a site's team may do with the images and documents of the site's collection. Wagtail counts
# deleting as changing, so only site managers change (and delete) any of them; editors and medical
# reviewers add and choose, and change or delete only what they uploaded themselves.
SITE_COLLECTION_ACTIONS = {
    EDITORS: ("add", "choose"),
    MEDICAL_REVIEWERS: ("add", "choose"),
    SITE_MANAGERS: ("add", "change", "choose"),
}
MEDIA = (("wagtailimages", "image"), ("wagtaildocs", "document"))

_CACHE = "_cms_sites_for"


def sites_for(user) -> list[Site]:
    """The sites ``user`` works on: every site for a superuser; otherwise each site whose pages their
    groups have permissions on (on the home page, a page above it or one inside it), whose settings
    they may change, or — with a site-setting permission of their group itself — every site."""
    if not (user.is_authenticated and user.is_active):
        return []
    if hasattr(user, _CACHE):
        return list(getattr(user, _CACHE))
    sites = list(Site.objects.select_related("root_page").order_by("hostname", "port"))
    if not (user.is_superuser or _has_global_site_setting_permission(user)):
        site_ids = set(GroupSitePermission.objects.filter(group__user=user).values_list("site_id", flat=True))
        paths = set(GroupPagePermission.objects.filter(group__user=user).values_list("page__path", flat=True))
        sites = [
            site
            for site in sites
            if site.pk in site_ids
            or any(site.root_page.path.startswith(path) or path.startswith(site.root_page.path) for path in paths)
        ]
    setattr(user, _CACHE, tuple(sites))
    return sites


def site_team_members(sites):
    """The active accounts, administrators left out, in a group limited to one of ``sites``: page
    permissions on a site's home page (or a page inside it), or site-setting permissions for the site.
    The roles themselves, working on every site, are no site's team."""
    sites = list(sites)
    inside = Q(pk__in=[])
    for site in Site.objects.filter(pk__in=[site.pk for site in sites]).select_related("root_page"):
        inside |= Q(page__path__startswith=site.root_page.path)
    teams = Group.objects.filter(
        Q(pk__in=GroupPagePermission.objects.filter(inside).values("group"))
        | Q(pk__in=GroupSitePermission.objects.filter(site__in=sites).values("group"))
    )
    return get_user_model().objects.filter(is_active=True, is_superuser=False, groups__in=teams).distinct()


def _site_setting_models() -> list[type[BaseSiteSetting]]:
    return [model for model in settings_registry if issubclass(model, BaseSiteSetting)]


def _has_global_site_setting_permission(user) -> bool:
    return any(
        user.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}") for model in _site_setting_models()
    )


def site_collection(site: Site) -> Collection:
    """The site's own collection of images and documents, named after it (made when missing)."""
    return _child_of_root(site.site_name or site.hostname)


def shared_collection() -> Collection:
    """Images and documents every site's team may choose, and only administrators change."""
    return _child_of_root(SHARED_COLLECTION)


def _child_of_root(name: str) -> Collection:
    root = Collection.get_first_root_node()
    return root.get_children().filter(name=name).first() or root.add_child(name=name)


def media_permission_pairs(collection: Collection, actions) -> set[tuple[int, int]]:
    """(collection id, permission id) of ``actions`` on images and documents."""
    media = Q(pk__in=[])
    for app_label, model in MEDIA:
        media |= Q(content_type__app_label=app_label, codename__in=[f"{action}_{model}" for action in actions])
    return {
        (collection.pk, permission_id)
        for permission_id in Permission.objects.filter(media).values_list("pk", flat=True)
    }


def limit_role_to_site(group: Group, role: Group, site: Site) -> bool:
    """Give ``group`` the permissions of ``role``, limited to ``site``; whether anything changed.

    Model permissions are copied, except those of site settings, which become permissions for this
    site; page permissions move from wherever the role has them to the site's home page; image and
    document permissions are those of ``SITE_COLLECTION_ACTIONS`` on the site's collection, and
    "choose" on the shared collection.
    """
    site_setting = Q(pk__in=[])
    for model in _site_setting_models():
        site_setting |= Q(
            content_type__app_label=model._meta.app_label,
            content_type__model=model._meta.model_name,
            codename=f"change_{model._meta.model_name}",
        )
    setting_permission_ids = set(Permission.objects.filter(site_setting).values_list("pk", flat=True))
    role_permission_ids = set(role.permissions.values_list("pk", flat=True))
    changed = _sync(
        set(group.permissions.values_list("pk", flat=True)),
        role_permission_ids - setting_permission_ids,
        add=lambda ids: group.permissions.add(*ids),
        remove=lambda ids: group.permissions.remove(*ids),
    )
    changed |= _sync(
        set(GroupSitePermission.objects.filter(group=group).values_list("site_id", "permission_id")),
        {(site.pk, permission_id) for permission_id in role_permission_ids & setting_permission_ids},
        add=lambda pairs: GroupSitePermission.objects.bulk_create(
            GroupSitePermission(group=group, site_id=site_id, permission_id=permission_id)
            for site_id, permission_id in pairs
        ),
        remove=lambda pairs: [
            GroupSitePermission.objects.filter(group=group, site_id=site_id, permission_id=permission_id).delete()
            for site_id, permission_id in pairs
        ],
    )
    page_permission_ids = set(GroupPagePermission.objects.filter(group=role).values_list("permission_id", flat=True))
    changed |= _sync(
        set(GroupPagePermission.objects.filter(group=group).values_list("page_id", "permission_id")),
        {(site.root_page_id, permission_id) for permission_id in page_permission_ids},
        add=lambda pairs: GroupPagePermission.objects.bulk_create(
            GroupPagePermission(group=group, page_id=page_id, permission_id=permission_id)
            for page_id, permission_id in pairs
        ),
        remove=lambda pairs: [
            GroupPagePermission.objects.filter(group=group, page_id=page_id, permission_id=permission_id).delete()
            for page_id, permission_id in pairs
        ],
    )
    changed |= _sync(
        set(GroupCollectionPermission.objects.filter(group=group).values_list("collection_id", "permission_id")),
        media_permission_pairs(site_collection(site), SITE_COLLECTION_ACTIONS.get(role.name, ("add", "choose")))
        | media_permission_pairs(shared_collection(), ["choose"]),
        add=lambda pairs: GroupCollectionPermission.objects.bulk_create(
            GroupCollectionPermission(group=group, collection_id=collection_id, permission_id=permission_id)
            for collection_id, permission_id in pairs
        ),
        remove=lambda pairs: [
            GroupCollectionPermission.objects.filter(
                group=group, collection_id=collection_id, permission_id=permission_id
            ).delete()
            for collection_id, permission_id in pairs
        ],
    )
    return changed


def _sync(current: set, wanted: set, *, add, remove) -> bool:
    if missing := wanted - current:
        add(missing)
    if extra := current - wanted:
        remove(extra)
    return bool(missing or extra)
