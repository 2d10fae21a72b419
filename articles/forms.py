"""The article form of the admin: the story as a writer writes it, and what it must check."""

import os
import secrets

from ckeditor_uploader.fields import RichTextUploadingFormField
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from .body import images_without_alt, join_sections
from .models import Article

TIME_ZONE_NOTE = f"Times are in the newsroom's time zone, {settings.TIME_ZONE}."

# The buttons below the form, each one step of the workflow (services.py).
SUBMIT, PUBLISH, UNPUBLISH, SEND_BACK, PREVIEW = (
    "_submit_for_review", "_publish", "_unpublish", "_send_back", "_preview",
)  # fmt: skip
EDITORS_ONLY = (PUBLISH, UNPUBLISH, SEND_BACK)
SAVED_DRAFTS = "newsroom:saved-drafts"
HELD_UPLOADS = "newsroom:held-hero-uploads"
DRAFT_KEY_PREFIX = "newsroom-draft:"


class ArticleAdminForm(forms.ModelForm):
    """The article as a writer writes it: title, standfirst and one body with H2 headings.

    ``request`` is set by ``ArticleAdmin.get_form``.
    """

    request = None
    body = RichTextUploadingFormField(
        config_name="article_body",
        required=False,
        help_text="The whole story. Start a new section with a “Heading 2” (Format menu): "
        "readers get a link to each one, and a table of contents from four.",
    )
    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)
    draft_key = forms.CharField(widget=forms.HiddenInput, required=False)
    hero_upload = forms.CharField(widget=forms.HiddenInput, required=False)
    substantive_update = forms.BooleanField(
        required=False,
        label="Substantive update",
        help_text="Tick for a real change to the story: readers then see “Updated” with "
        "today's time. Leave it for typo fixes.",
    )
    note_to_writer = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Note to the writer",
        help_text="Needed for “Send back to writer”: say what to change. The writer sees it "
        "on this form and by email.",
    )

    class Meta:
        model = Article
        # The admin's fieldsets decide the fields in the end.
        fields = ["title", "slug"]
        widgets = {
            # A headline wraps as it grows rather than scrolling out of sight on a phone.
            "title": forms.Textarea(attrs={"rows": 2, "maxlength": 300}),
            "standfirst": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["loaded_version"] = self.instance.modified_at.isoformat()
            self.initial["body"] = join_sections(self.instance.body_sections())
        self.initial["draft_key"] = DRAFT_KEY_PREFIX + (
            f"article:{self.instance.pk}" if self.instance.pk else "add"
        )
        if "published_at" in self.fields:
            self.fields["published_at"].help_text = (
                "The article goes live at this time by itself; a future time schedules it. "
                + TIME_ZONE_NOTE
            )
        if self.is_bound and "hero_image" in self.fields:
            self._hold_or_recall_hero_upload()

    def _hold_or_recall_hero_upload(self):
        """Keep a chosen hero image across a save that fails, so it need not be chosen again.

        Every upload is held in storage under a random token, which the form carries back in
        a hidden field; the session says which tokens are this person's.
        """
        held = self.request.session.get(HELD_UPLOADS, {})
        upload = self.files.get("hero_image")
        if upload:
            token = secrets.token_urlsafe(16)
            name = os.path.basename(upload.name)
            held[token] = default_storage.save(f"held-uploads/{token}/{name}", upload)
            upload.seek(0)
            self.request.session[HELD_UPLOADS] = held
            self.data = self.data.copy()
            self.data["hero_upload"] = token
        else:
            stored = held.get(self.data.get("hero_upload"))
            if not stored or self.data.get("hero_image-clear"):
                return
            if not default_storage.exists(stored):
                return
            with default_storage.open(stored) as file:
                upload = SimpleUploadedFile(os.path.basename(stored), file.read())
            self.files = self.files.copy()
            self.files["hero_image"] = upload
        self.fields["hero_image"].help_text = (
            f"Kept from your last try: {os.path.basename(upload.name)}. It is saved with the "
            "story; choose another file to replace it."
        )

    def release_held_upload(self):
        token = self.data.get("hero_upload")
        held = self.request.session.get(HELD_UPLOADS, {})
        if token in held:
            default_storage.delete(held.pop(token))
            self.request.session[HELD_UPLOADS] = held

    def forget_local_draft(self):
        """Tell the next article form this browser shows to drop its copy of this form: it
        is saved (static/js/admin-editor.js)."""
        session = self.request.session
        saved, key = session.get(SAVED_DRAFTS, []), self.cleaned_data.get("draft_key", "")
        if key.startswith(DRAFT_KEY_PREFIX) and len(key) < 100 and key not in saved:
            session[SAVED_DRAFTS] = [*saved[-9:], key]

    def clean_title(self):
        return " ".join(self.cleaned_data["title"].split())

    def clean_body(self):
        body = self.cleaned_data.get("body", "")
        missing = images_without_alt(body)
        if missing:
            raise ValidationError(
                "Every image in the body needs alt text: describe it for readers who cannot see "
                "it (double-click the image, “Alternative Text”). Missing for: "
                + ", ".join(src.rsplit("/", 1)[-1] or "an image" for src in missing)
            )
        return body

    def clean(self):
        cleaned = super().clean()
        self._check_not_overwriting_a_newer_version()
        hero_image = cleaned.get("hero_image", self.instance.hero_image)
        if hero_image and not cleaned.get("hero_alt", self.instance.hero_alt):
            self.add_error("hero_alt", "Describe the image for readers who cannot see it.")
        if SEND_BACK in self.data and not cleaned.get("note_to_writer", "").strip():
            self.add_error("note_to_writer", "Say in a note what the writer should change.")
        return cleaned

    def _check_not_overwriting_a_newer_version(self):
        """Refuse a save over someone else's newer save; one's own is no conflict (a draft
        restored from this browser, a second tab)."""
        if self.instance.pk is None:
            return
        current = (
            Article.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("modified_at", "modified_by")
            .first()
        )
        if current is None or current[0].isoformat() == self.cleaned_data.get("loaded_version"):
            return
        if self.request is not None and current[1] == self.request.user.pk:
            return
        who = get_user_model().objects.filter(pk=current[1]).first()
        name = (who.get_full_name() or who.get_username()) if who else "Someone else"
        when = timezone.localtime(current[0]).strftime("%H:%M:%S on %d %B %Y %Z")
        raise ValidationError(
            f"{name} saved this article at {when}, after you opened it. Your changes have NOT "
            "been saved, so that theirs are not overwritten. Your text is still in this form: "
            "copy what you need, open the article again in a new tab, and add your changes there."
        )
