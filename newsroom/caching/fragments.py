"""
Fragments: parts of a page kept rendered while what they show is unchanged.

Rails' key-based ("Russian doll") caching on the tags of ``tags.py``. A fragment is stored
under its name, its parameters and the release (a digest of the templates and code that
render it, so a deploy with changed markup never serves the old one). Its entry keeps the
versions its tags had before it was rendered, and is served while they are all unchanged
and its ``until`` (the next scheduled change it shows, if any) has not passed.

Reading the fragments of a page costs one ``get_many`` for their entries and the versions of
the tags their callers declare, and a second one only for tags a render found itself (the
authors or linked stories of a part). The versions live in the entry rather than in the key,
so a re-render overwrites the stale markup in place instead of leaving it to expire.

A fragment never holds anything made for one request (a CSRF token, a form's timestamp):
those are rendered around it.
"""

import functools
import hashlib
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from importlib import metadata
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.template import loader
from django.template.autoreload import get_template_directories
from django.template.context import make_context
from django.template.loader_tags import BLOCK_CONTEXT_KEY, BlockContext, BlockNode, ExtendsNode
from django.utils import timezone

from . import tags as cache_tags

KEY_PREFIX = "newsroom:fragment:"
#: Entries nobody reads for this long go; a version change overwrites them sooner.
ENTRY_SECONDS = 24 * 60 * 60


@dataclass
class Rendered:
    """What a fragment's ``render`` returns: its markup, the tags it found while rendering
    (beyond those declared), and the moment it goes stale by itself (a scheduled story going
    live, comments closing); ``until`` may be a function, called only when the fragment is
    stored (so a render that is not stored spends no query on it)."""

    html: str
    tags: Iterable[str] = ()
    until: datetime | Callable[[], datetime | None] | None = None


@dataclass
class Fragment:
    name: str
    params: tuple = ()
    tags: Iterable[str] = ()
    render: Callable[[], Rendered] = field(default=None, repr=False)

    @property
    def key(self):
        return f"{KEY_PREFIX}{release()}:{self.name}:" + ":".join(map(str, self.params))


def enabled():
    return settings.NEWSROOM_FRAGMENT_CACHE


def render_fragments(fragments, shown=None):
    """The markup of each fragment, in order: stored ones reused, the others rendered and
    stored. The tags of what they show, found by their renders too, are added to ``shown``
    (a set), so that a page can carry them without loading what they name."""
    fragments = list(fragments)
    if shown is None:
        shown = set()
    if not enabled():
        return [rendered_html(fragment, shown) for fragment in fragments]
    declared = {tag for fragment in fragments for tag in fragment.tags}
    found = cache.get_many([f.key for f in fragments] + [tag_key(t) for t in declared])
    entries = {f.key: found.get(f.key) for f in fragments}
    versions = {tag: found.get(tag_key(tag)) for tag in declared}
    # Tags a render found last time: their versions now, read before rendering again.
    recorded = {tag for entry in entries.values() if entry for tag in entry["versions"]}
    versions.update(read_versions(recorded - declared))
    versions.update(new_versions({tag for tag, version in versions.items() if version is None}))

    now = timezone.now()
    html, stored = [], {}
    for fragment in fragments:
        entry = entries[fragment.key]
        if (
            entry is None
            or not is_fresh(entry, versions, now)
            or set(fragment.tags) - set(entry["versions"])
        ):
            entry = rendered_entry(fragment, versions)
            stored[fragment.key] = entry
        html.append(entry["html"])
        shown.update(entry["versions"])
    if stored:
        cache.set_many(stored, ENTRY_SECONDS)
    return html


def render_fragment(fragment, shown=None):
    return render_fragments([fragment], shown)[0]


def rendered_html(fragment, shown):
    """A fragment rendered and not stored; its tags are added to ``shown``."""
    rendered = fragment.render()
    shown.update(fragment.tags, rendered.tags)
    return rendered.html


def is_fresh(entry, versions, now):
    return (entry["until"] is None or entry["until"] > now) and all(
        versions.get(tag) == version for tag, version in entry["versions"].items()
    )


def rendered_entry(fragment, versions):
    rendered = fragment.render()
    until = rendered.until() if callable(rendered.until) else rendered.until
    shown = set(fragment.tags) | set(rendered.tags)
    # A tag first seen in this render is read after it: the one window where a change that
    # commits during the render could be stored as seen.
    versions.update(read_versions(shown - versions.keys()))
    versions.update(new_versions({tag for tag in shown if versions.get(tag) is None}))
    return {
        "html": rendered.html,
        "versions": {tag: versions[tag] for tag in shown},
        "until": until,
    }


def tag_key(tag):
    return cache_tags.KEY_PREFIX + tag


def read_versions(tags):
    if not tags:
        return {}
    found = cache.get_many([tag_key(tag) for tag in tags])
    return {tag: found.get(tag_key(tag)) for tag in tags}


def new_versions(tags):
    """Versions for tags the cache does not know (never bumped, or evicted): made here, as
    ``tags.versions`` does, so that nothing was ever stored under them."""
    if not tags:
        return {}
    made = {tag: cache_tags.new_version() for tag in tags}
    cache.set_many({tag_key(tag): version for tag, version in made.items()}, None)
    return made


@functools.cache
def release():
    """A digest of what renders fragments: the package version, then the project's own
    templates and code (template tags, context builders), not the installed packages'.
    Computed once a process."""
    digest = hashlib.blake2b(digest_size=8)
    digest.update(metadata.version("newsroom").encode())
    base = Path(settings.BASE_DIR).resolve()
    roots = {Path(d).resolve() for d in get_template_directories()}
    roots |= {Path(app.path).resolve() for app in apps.get_app_configs()}
    installed = Path(sys.prefix).resolve()
    own = {r for r in roots if r.is_relative_to(base) and not r.is_relative_to(installed)}
    for root in sorted(r for r in own if not any(r != o and r.is_relative_to(o) for o in own)):
        for path in sorted(root.rglob("*")):
            if path.suffix in (".html", ".txt", ".xml", ".svg", ".py") and path.is_file():
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def render_block(template_name, block_name, context):
    """One block of a template as its whole inheritance chain defines it: a part of a page
    (the <head>) rendered on its own, from the same templates as the page."""
    template = loader.get_template(template_name).template
    context = make_context(context)
    with context.render_context.push_state(template), context.bind_template(template):
        blocks = BlockContext()
        current = template
        while current is not None:
            blocks.add_blocks(
                {node.name: node for node in current.nodelist.get_nodes_by_type(BlockNode)}
            )
            extends = current.nodelist.get_nodes_by_type(ExtendsNode)
            current = extends[0].get_parent(context) if extends else None
        context.render_context[BLOCK_CONTEXT_KEY] = blocks
        return blocks.get_block(block_name).render(context)
