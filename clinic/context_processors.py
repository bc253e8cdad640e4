from django.conf import settings


def clinic(request):
    from clinic.access import artist_of
    from clinic.users import roles

    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    # One group query per page, not one per use.
    groups = roles.group_names(user) if signed_in and not user.is_superuser else frozenset()
    everything = signed_in and user.is_superuser
    staff = everything or roles.STAFF in groups
    team = signed_in and (staff or bool(artist_of(user)))
    return {
        "clinic_name": settings.CLINIC_NAME,
        "clinic_address": settings.CLINIC_ADDRESS,
        "clinic_map_url": settings.CLINIC_MAP_URL,
        "clinic_phone": settings.CLINIC_PHONE,
        "clinic_email": settings.CLINIC_EMAIL,
        "is_team": team,
        "is_staff_member": staff,
        # The audit link (the pages themselves check the permission the Manager group holds).
        "is_manager": everything or (staff and roles.MANAGER in groups),
    }
