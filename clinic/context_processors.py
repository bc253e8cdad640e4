from django.conf import settings


def clinic(request):
    from clinic.access import artist_of, is_staff

    user = getattr(request, "user", None)
    staff = bool(user and is_staff(user))  # (one group query per page, not one per use)
    team = bool(user and user.is_authenticated and (staff or artist_of(user)))
    return {
        "clinic_name": settings.CLINIC_NAME,
        "clinic_address": settings.CLINIC_ADDRESS,
        "clinic_phone": settings.CLINIC_PHONE,
        "clinic_email": settings.CLINIC_EMAIL,
        "is_team": team,
        "is_staff_member": staff,
    }
