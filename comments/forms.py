from django import forms
from django.conf import settings
from django_comments_xtd.forms import XtdCommentForm

from .models import Comment, Report, reply_parent_id

REPLY_REFUSED = "You can only reply to a published comment on this article."


class CommentForm(XtdCommentForm):
    """xtd's form with accessible labels, a consent box, and safe reply handling."""

    remember = forms.BooleanField(
        required=False,
        label="Save my name, email, and website in this browser for the next time I comment.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["name"].label = "Name (required)"
        fields["name"].widget = forms.TextInput(attrs={"autocomplete": "name", "maxlength": 50})
        fields["email"].label = "Email (required)"
        fields["email"].help_text = ""
        fields["email"].widget = forms.EmailInput(attrs={"autocomplete": "email"})
        # Django 5.2 warns that URLField's default scheme becomes https in 6.0: choose it now.
        fields["url"] = forms.URLField(
            label="Website (optional)",
            required=False,
            max_length=200,
            assume_scheme="https",
            widget=forms.URLInput(attrs={"autocomplete": "url"}),
        )
        fields["comment"].label = "Comment (required)"
        fields["comment"].widget = forms.Textarea(
            attrs={"rows": 6, "maxlength": settings.COMMENT_MAX_LENGTH}
        )
        fields["followup"].label = "Email me when someone replies."
        fields["followup"].widget.attrs.pop("class", None)
        fields["honeypot"].label = "Leave this field empty"
        fields["honeypot"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        for name in ("name", "email", "comment"):
            fields[name].required = True
            fields[name].widget.attrs["required"] = True
        for name, field in fields.items():
            if name in self.errors:
                field.widget.attrs["aria-invalid"] = "true"
                field.widget.attrs["aria-describedby"] = f"{self.auto_id % name}-error"

    def clean_reply_to(self):
        """The parent must be a published comment on this article; deep replies move up."""
        reply_to = self.cleaned_data["reply_to"]
        if not reply_to:
            return 0
        parent = (
            Comment.objects.public()
            .for_article(self.target_object)
            .filter(pk=reply_to)
            .only("pk", "level", "parent_id")
            .first()
        )
        if parent is None:
            raise forms.ValidationError(REPLY_REFUSED)
        return reply_parent_id(parent)

    def clean(self):
        # xtd's clean() only adds Bootstrap classes; skip it.
        return forms.Form.clean(self)


class EditCommentForm(forms.Form):
    comment = forms.CharField(
        label="Comment (required)",
        max_length=settings.COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6, "required": True}),
    )


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why should a moderator look at this comment?",
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
    )
