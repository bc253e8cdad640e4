"""Operations endpoints for monitors (health, metrics): no personal data in any of them."""

urlpatterns: list = []
