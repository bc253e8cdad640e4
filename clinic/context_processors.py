from django.conf import settings


def clinic(request):
    from clinic.access import artist_of, is_staff

    user = getattr(request, "user", None)
    team = bool(user and user.is_authenticated and (is_staff(user) or artist_of(user)))
    return {
        "clinic_name": settings.CLINIC_NAME,
        "clinic_address": settings.CLINIC_ADDRESS,
        "clinic_phone": settings.CLINIC_PHONE,
        "clinic_email": settings.CLINIC_EMAIL,
        "is_team": team,
        "is_staff_member": bool(user and is_staff(user)),
    }
