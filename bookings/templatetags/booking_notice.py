"""`{% change_notice %}`: the clinic's move/cancel rule in words, wherever a template tells a client."""

from django import template

from ..notice import change_notice_sentence

register = template.Library()


@register.simple_tag
def change_notice() -> str:
    return change_notice_sentence()
