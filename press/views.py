"""«Для СМИ»: the section's page, the accreditation form and its confirmation."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.views import View
from django.views.generic import TemplateView

from comments.views import count_refusal, rate_limited, refused_too_often, reserve_slot
from pagecache.registry import cached_page

from .accreditation import submit
from .forms import AccreditationForm
from .metadata import contact_points
from .models import Contact, OfficeHours, RepublicationRules

REFUSED = "press:refused"


@cached_page("site")
class PressSectionView(TemplateView):
    """Contacts and hours of the press service, the rules of re-publication, accreditation."""

    template_name = "press/section.html"

    def get_context_data(self, **kwargs):
        contacts = list(Contact.objects.all())
        hours = list(OfficeHours.objects.all())
        return super().get_context_data(
            press_section=True,  # the page cache's tag "press" (cached_pages.py)
            contacts=contacts,
            hours=hours,
            rules=RepublicationRules.current(),
            contact_points=contact_points(
                contacts, hours, url=self.request.build_absolute_uri("/")
            ),
            **kwargs,
        )


@cached_page("site")
class AccreditationView(View):
    """The request form (GET, cached for anonymous readers, signed per reader) and its POST:
    a valid request is saved and the journalist sent to the confirmation; an invalid one comes
    back with the reasons and saves nothing."""

    template_name = "press/accreditation_form.html"

    def get(self, request):
        return render(request, self.template_name, {"form": AccreditationForm()})

    def post(self, request):
        rate = settings.ACCREDITATION_REFUSED_RATE
        if refused_too_often(request, group=REFUSED, rate=rate):
            return rate_limited(
                request,
                "Слишком много неудачных попыток отправить заявку. Подождите несколько минут, "
                "проверьте форму и отправьте снова.",
            )
        give_back = reserve_slot(request, scope="accreditation", rate=settings.ACCREDITATION_RATE)
        if give_back is None:
            return rate_limited(request, "Слишком много заявок с вашего адреса. Попробуйте позже.")
        form = AccreditationForm(data=request.POST)
        if form.is_valid():
            submit(form)
            return redirect("press:accreditation-sent")
        give_back()
        count_refusal(request, group=REFUSED, rate=rate)
        return render(request, self.template_name, {"form": form}, status=400)


@cached_page("site")
class AccreditationSentView(TemplateView):
    template_name = "press/accreditation_sent.html"
