from django import forms
from django.conf import settings
from django_comments_xtd.forms import XtdCommentForm

from newsroom.bounds import MAX_ID

from .models import Comment, Report, reply_parent_id

REPLY_REFUSED = (
    "You can only reply to a published comment on this article. Post again to add yours as "
    "a new comment: your text is kept."
)


def too_long_message(text):
    """What an over-long comment's author is told (the browser never cuts it: no maxlength)."""
    limit = settings.COMMENT_MAX_LENGTH
    return (
        f"Your comment is {len(text):,} characters long, {len(text) - limit:,} more than the "
        f"limit of {limit:,}. Please shorten it: your text is kept below."
    )


def comment_text_field():
    """The comment box. Its limit is checked here, not by a ``maxlength`` that would cut a
    long paste silently; ``data-maxlength`` lets comments.js count down as it nears."""
    return forms.CharField(
        label="Comment (required)",
        widget=forms.Textarea(
            attrs={"rows": 6, "required": True, "data-maxlength": settings.COMMENT_MAX_LENGTH}
        ),
    )


class CommentTextMixin:
    def clean_comment(self):
        earlier = getattr(super(), "clean_comment", None)  # django-contrib-comments' word list
        text = earlier() if earlier else self.cleaned_data["comment"]
        if len(text) > settings.COMMENT_MAX_LENGTH:
            raise forms.ValidationError(too_long_message(text), code="max_length")
        return text

    def mark_invalid_fields(self):
        """Point each invalid field at its message, for screen readers."""
        for name, field in self.fields.items():
            if name in self.errors:
                field.widget.attrs["aria-invalid"] = "true"
                field.widget.attrs["aria-describedby"] = f"{self.auto_id % name}-error"


class CommentForm(CommentTextMixin, XtdCommentForm):
    """xtd's form with accessible labels, a consent box, and safe reply handling."""

    remember = forms.BooleanField(
        required=False,
        label="Save my name, email, and website in this browser for the next time I comment.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["name"].label = "Name (required)"
        fields["name"].widget = forms.TextInput(attrs={"autocomplete": "name"})
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
        fields["url"].widget.attrs.pop("maxlength")  # a cut web address would be a broken one
        fields["comment"] = comment_text_field()
        # Any number that cannot name a published comment gets the same clear answer.
        fields["reply_to"] = forms.IntegerField(
            required=False,
            min_value=0,
            max_value=MAX_ID,
            widget=forms.HiddenInput,
            error_messages={code: REPLY_REFUSED for code in ("invalid", "min_value", "max_value")},
        )
        fields["followup"].label = "Email me replies to my comment."
        fields["followup"].widget.attrs.pop("class", None)
        fields["honeypot"].label = "Leave this field empty"
        fields["honeypot"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        for name in ("name", "email", "comment"):
            fields[name].required = True
            fields[name].widget.attrs["required"] = True
        self.mark_invalid_fields()
        if "reply_to" in self.errors:
            self.data = self.data.copy()
            self.data["reply_to"] = "0"  # so posting again adds it as a new comment

    @classmethod
    def fresh_security_data(cls, target_object):
        """``generate_security_data()`` (the timestamp and its hash) without building the
        form, whose fields are copied and relabelled on every init: for a page that keeps
        the form's markup and only needs these two values new."""
        form = cls.__new__(cls)
        form.target_object = target_object
        return form.generate_security_data()

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


class EditCommentForm(CommentTextMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"] = comment_text_field()
        self.mark_invalid_fields()


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why should a moderator look at this comment?",
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
    )
