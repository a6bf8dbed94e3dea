"""Import articles into a Resources hub from Markdown (with YAML front matter) or plain HTML files.

Reading (``sources``) and converting (``convert``) are pure: text in, ``ArticleData`` and body
blocks out. ``writer.ArticleImporter`` saves them, one file per transaction, comparing with the
latest revision first so that importing the same files again saves nothing.
``manage.py import_articles`` and ``manage.py seed_demo`` both drive it.
"""

from .convert import html_to_blocks, markdown_to_blocks
from .sources import ArticleData, ArticleImportError, collect_files, parse_file
from .writer import FAILED, UNCHANGED, ArticleImporter, ImportReport, find_hub, find_site, hub_path

__all__ = [
    "FAILED",
    "UNCHANGED",
    "ArticleData",
    "ArticleImportError",
    "ArticleImporter",
    "ImportReport",
    "collect_files",
    "find_hub",
    "find_site",
    "html_to_blocks",
    "hub_path",
    "markdown_to_blocks",
    "parse_file",
]
