from django.urls import path

from . import views

app_name = "quotes"

urlpatterns = [
    path("staff/clients/<int:client_pk>/quotes/new/", views.quote_new, name="new"),
    path("staff/quotes/<int:pk>/", views.quote_detail, name="detail"),
    path("staff/quotes/<int:pk>/edit/", views.quote_edit, name="edit"),
    path("staff/quotes/<int:pk>/issue/", views.quote_issue, name="issue"),
    path("staff/quotes/<int:pk>/revise/", views.quote_revise, name="revise"),
    path("quotes/<int:pk>/pdf/", views.quote_pdf, name="pdf"),
    path("q/<str:token>/", views.client_quote, name="client_quote"),
    path("q/<str:token>/pdf/", views.client_quote_pdf, name="client_quote_pdf"),
]
