"""The production app plus its media files, for ``make audit`` only.

In production, uploads are served by the web server or object storage, never by
Django. The audit has neither, so WhiteNoise stands in for them here, on the
same origin, as a CDN in front of the site would be.
"""

from django.conf import settings
from whitenoise import WhiteNoise

from newsroom.wsgi import application as django_application

application = WhiteNoise(django_application, max_age=31536000)
application.add_files(str(settings.MEDIA_ROOT), prefix=settings.MEDIA_URL)
