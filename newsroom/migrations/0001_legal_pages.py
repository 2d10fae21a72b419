from django.db import migrations

TERMS = """
<p>By using this site you agree to these terms. Please read them carefully.</p>
<h2>Our content</h2>
<p>The articles, photographs and other material on this site are protected by copyright. You may
share links to them and quote short extracts with attribution. Any other use needs our written
permission.</p>
<h2>Comments</h2>
<p>Every comment is reviewed by a moderator before it appears. We may decline or remove comments
that are abusive, unlawful, off-topic or spam. You remain responsible for what you write.</p>
<h2>Changes</h2>
<p>We may update these terms; the version on this page is the one that applies.</p>
"""

PRIVACY = """
<p>This policy explains what personal data this site processes and why.</p>
<h2>Readers</h2>
<p>Reading the site needs no account. We use no advertising or tracking scripts and share no
data with social networks: the share links are plain links that send nothing until you use
them.</p>
<h2>Commenters</h2>
<p>When you comment we store your name, email address, optional website, your comment, the time
and your IP address, to moderate comments and prevent abuse. Your email address is never
published. You can ask us to export or erase your comments at any time.</p>
<h2>Cookies</h2>
<p>The site sets no cookies for readers. Editors signing in to the newsroom get a session
cookie.</p>
<h2>Contact</h2>
<p>For any question about your data, write to the editors.</p>
"""


def create_legal_pages(apps, schema_editor):
    FlatPage = apps.get_model("flatpages", "FlatPage")
    Site = apps.get_model("sites", "Site")
    site, _ = Site.objects.get_or_create(pk=1, defaults={"domain": "example.com", "name": "Newsroom"})
    for url, title, content in [
        ("/terms/", "Terms of Service", TERMS),
        ("/privacy/", "Privacy Policy", PRIVACY),
    ]:
        page, created = FlatPage.objects.get_or_create(
            url=url, defaults={"title": title, "content": content.strip()}
        )
        page.sites.add(site)


class Migration(migrations.Migration):
    dependencies = [
        ("flatpages", "0001_initial"),
        ("sites", "0002_alter_domain_unique"),
    ]

    operations = [migrations.RunPython(create_legal_pages, migrations.RunPython.noop)]
