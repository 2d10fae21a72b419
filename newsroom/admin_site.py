"""
The admin as the newsroom's desk: titled with the site's name, opening on what is waiting
(newsroom/dashboard.py), telling a signed-up but not yet admitted user what to ask for, and
listing only the models a newsroom works with.
"""

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ValidationError

from . import dashboard

# Registered, so that superusers can still open them by URL (/admin/axes/accessattempt/), but
# left out of the index and the side menu: nobody on the desk works with them.
HIDDEN_FROM_INDEX = {
    ("axes", "AccessAttempt"),
    ("axes", "AccessFailureLog"),
    ("axes", "AccessLog"),
    # The site's name and domain are edited on the Site settings page.
    ("sites", "Site"),
}


class DeskAuthenticationForm(AdminAuthenticationForm):
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "not_on_desk": "Your password is right, but your account is not yet on the newsroom's "
        "desk: ask an administrator to add you to Writers, Editors or Moderators.",
    }

    def confirm_login_allowed(self, user):
        # Only reached once the password was checked: nobody learns it from a wrong guess.
        if user.is_active and not user.is_staff:
            raise ValidationError(self.error_messages["not_on_desk"], code="not_on_desk")
        super().confirm_login_allowed(user)


class NewsroomAdminSite(admin.AdminSite):
    index_title = "The desk"
    login_form = DeskAuthenticationForm

    def each_context(self, request):
        context = super().each_context(request)
        name = get_current_site(request).name
        context.update(site_header=name, site_title=name)
        return context

    def get_app_list(self, request, app_label=None):
        app_list = super().get_app_list(request, app_label)
        if app_label is not None:
            return app_list  # an app's own page, opened by URL
        for app in app_list:
            app["models"] = [
                model
                for model in app["models"]
                if (app["app_label"], model["object_name"]) not in HIDDEN_FROM_INDEX
            ]
        return [app for app in app_list if app["models"]]

    def index(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "desk": dashboard.desk(request, self)}
        return super().index(request, extra_context)
