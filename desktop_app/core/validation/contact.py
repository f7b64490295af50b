"""Contact details: email addresses, phone numbers (Russia and China first), websites."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from desktop_app.core.i18n import tr
from desktop_app.core.validation._text import RawValue, shown, to_text
from desktop_app.core.validation.result import Check

_LABEL = re.compile(r"^[^\W_](?:[\w-]*[^\W_])?$")
_LOCAL_PART = re.compile(r"^[\w!#$%&'*+/=?^`{|}~.-]+$")
_NAME_AND_ADDRESS = re.compile(r"<([^<>]+)>")
_LIST_SEPARATORS = re.compile(r"[;,\s]+")
_PHONE_LABEL = re.compile(
    r"^(?:tel|phone|mob|mobile|тел|телефон|моб|мобильный|手机|电话)\.?\s*:?\s*", re.IGNORECASE
)
_EXTENSION = re.compile(r"\s*(?:доб|ext|extension|вн|x|分机|转)\.?\s*(\d{1,6})\s*$", re.IGNORECASE)
_PHONE_ALLOWED = re.compile(r"[\d\s().+-]")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


def _host_problem(host: str) -> str | None:
    """Why ``host`` is not a usable internet domain name, or ``None`` when it is."""
    if host.endswith("."):
        return tr('the domain "{domain}" ends with a dot').format(domain=host)
    labels = host.split(".")
    if len(labels) < 2:
        return tr('the domain "{domain}" needs a dot, like mail.ru or qq.com').format(domain=host)
    if len(host) > 253:
        return tr("the domain is longer than 253 characters")
    for label in labels:
        if not label:
            return tr('the domain "{domain}" has two dots in a row').format(domain=host)
        if len(label) > 63 or not _LABEL.match(label):
            return tr('"{label}" is not a valid part of a domain name').format(label=label)
    top = labels[-1]
    if not (top.isalpha() and len(top) >= 2) and not top.startswith("xn--"):
        return tr('"{top}" is not a top-level domain such as .ru, .cn or .com').format(top=top)
    return None


def check_email(text: RawValue) -> Check[str]:
    """Check the syntax of one email address; the domain is lower-cased.

    "Ivan <ivan@mail.ru>" and "mailto:" forms give the bare address. A cell holding
    several addresses is an error naming how many were found.
    """
    raw = to_text(text)
    if not raw:
        return Check.empty()
    bracketed = _NAME_AND_ADDRESS.search(raw)
    address = bracketed.group(1).strip() if bracketed else raw
    address = re.sub(r"^mailto:", "", address, flags=re.IGNORECASE)
    several = [part for part in _LIST_SEPARATORS.split(address) if "@" in part]
    if len(several) > 1:
        return Check.error(
            tr("Enter one email address; this one has {count}: {text}").format(
                count=len(several), text=shown(raw, 80)
            )
        )
    if re.search(r"\s", address):
        return Check.error(tr('Email address "{text}" contains a space').format(text=shown(raw)))
    if address.count("@") != 1:
        if "@" not in address:
            return Check.error(tr('Email address "{text}" has no @').format(text=shown(raw)))
        return Check.error(tr('Email address "{text}" has more than one @').format(text=shown(raw)))
    local, domain = address.split("@")
    domain = domain.lower()
    if not local:
        return Check.error(tr("Email address has nothing before the @"))
    if not domain:
        return Check.error(tr("Email address has nothing after the @"))
    if len(local) > 64:
        return Check.error(tr("The part before @ is longer than 64 characters"))
    if not _LOCAL_PART.match(local):
        bad = next(char for char in local if not _LOCAL_PART.match(char))
        return Check.error(
            tr('Email address cannot contain "{char}" before the @').format(char=bad)
        )
    if local.startswith(".") or local.endswith(".") or ".." in local:
        return Check.error(
            tr("The part before @ cannot start or end with a dot or have two dots in a row")
        )
    problem = _host_problem(domain)
    if problem:
        return Check.error(tr("Email address: {problem}").format(problem=problem))
    value = f"{local}@{domain}"
    if domain.endswith(".con"):
        return Check.warn(value, tr("Email domain ends in .con; did you mean .com?"))
    return Check.good(value)


def check_phone(text: RawValue) -> Check[str]:
    """Normalize a phone number to E.164 form, "+79161234567".

    Reads Russian (+7, 8, 7) and Chinese (+86, 0086, mobile 1xx, landline 0xx) forms
    with spaces, dashes, dots and parentheses; other countries need a leading + or 00.
    A number without a country code that can only be guessed is a warning saying how it
    was read; an extension is left out with a warning. A leading apostrophe, the mark
    that keeps "+7…" text in a spreadsheet and in our CSV exports, is not part of it.
    """
    raw = to_text(text)
    if not raw:
        return Check.empty()
    body = _PHONE_LABEL.sub("", raw.removeprefix("'"))
    notes: list[str] = []
    extension = _EXTENSION.search(body)
    if extension and len(re.sub(r"\D", "", body[: extension.start()])) >= 7:
        notes.append(
            tr("the extension {extension} was left out").format(extension=extension.group(1))
        )
        body = body[: extension.start()]
    parts = [part for part in re.split(r"[,;]|\s/\s", body) if re.sub(r"\D", "", part)]
    if len(parts) > 1:
        return Check.error(
            tr("Enter one phone number; this one has {count}: {text}").format(
                count=len(parts), text=shown(raw, 80)
            )
        )
    bad = next((char for char in body if not _PHONE_ALLOWED.match(char)), None)
    if bad is not None:
        return Check.error(
            tr(
                "Phone number may contain only digits, spaces, dashes, parentheses and a "
                'leading +; found "{char}"'
            ).format(char=bad)
        )
    body = body.strip()
    if "+" in body[1:]:
        return Check.error(tr("Phone number: + may only come first"))
    plus = body.startswith("+")
    digits = re.sub(r"\D", "", body.replace("(0)", "") if plus else body)
    if not plus and digits.startswith("00"):
        plus, digits = True, digits[2:]
    elif not plus and digits.startswith("810") and len(digits) > 11:
        plus, digits = True, digits[3:]
    result = _international(digits) if plus else _national(digits)
    if result.ok and notes:
        joined = "; ".join([result.message, *notes] if result.message else notes)
        return Check.warn(result.value, joined[:1].upper() + joined[1:])
    return result


def _international(digits: str) -> Check[str]:
    if digits.startswith("7"):
        national = digits[1:]
        if len(national) != 10:
            return Check.error(
                tr("A number with +7 has 10 digits after the 7, this one has {count}").format(
                    count=len(national)
                )
            )
        return Check.good("+7" + national)
    if digits.startswith("86"):
        return _chinese(digits[2:].removeprefix("0"))
    if not 8 <= len(digits) <= 15:
        return Check.error(
            tr("An international number has 8 to 15 digits, this one has {count}").format(
                count=len(digits)
            )
        )
    return Check.good("+" + digits)


def _chinese(national: str) -> Check[str]:
    if national.startswith("1") and not national.startswith("10"):
        if len(national) != 11 or national[1] not in "3456789":
            return Check.error(
                tr(
                    "A Chinese mobile number has 11 digits starting 13-19, this one is {number}"
                ).format(number=national)
            )
    elif len(national) not in (10, 11):
        return Check.error(
            tr(
                "A Chinese landline number has 10 or 11 digits (area code and number), "
                "this one has {count}"
            ).format(count=len(national))
        )
    return Check.good("+86" + national)


def _national(digits: str) -> Check[str]:
    count = len(digits)
    if count == 11 and digits[0] in "78":
        return Check.good("+7" + digits[1:])
    if count == 11 and digits[0] == "1" and digits[1] in "3456789":
        return Check.good("+86" + digits)
    if count == 10 and digits[0] in "3489":
        value = "+7" + digits
        return Check.warn(
            value, tr("No country code; read as a Russian number: {value}").format(value=value)
        )
    if digits.startswith("0") and count in (11, 12):
        result = _chinese(digits[1:])
        if result.ok and result.value:
            return Check.warn(
                result.value,
                tr("No country code; read as a Chinese landline: {value}").format(
                    value=result.value
                ),
            )
        return result
    if count < 10:
        return Check.error(
            tr(
                "Phone number is too short ({count} digits); write it with the country and "
                "area code, e.g. +7 495 123-45-67"
            ).format(count=count)
        )
    return Check.error(
        tr(
            "Cannot tell the country of this phone number; write it with a country code, "
            "e.g. +7 916 123-45-67 or +86 138 0013 8000"
        )
    )


def check_website(text: RawValue) -> Check[str]:
    """Check a website address; "https://" is added when no scheme is given.

    The scheme and host are lower-cased and a lone trailing "/" is dropped:
    "WWW.Example.com/" -> "https://www.example.com".
    """
    raw = to_text(text)
    if not raw:
        return Check.empty()
    if re.search(r"\s", raw):
        return Check.error(tr('Website address "{text}" contains a space').format(text=shown(raw)))
    if "@" in raw and not _SCHEME.match(raw):
        return Check.error(
            tr('"{text}" is an email address, not a website').format(text=shown(raw))
        )
    url = raw if _SCHEME.match(raw) else "https://" + raw.lstrip("/")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return Check.error(tr('"{text}" is not a valid web address').format(text=shown(raw)))
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        return Check.error(
            tr('A website starts with http:// or https://, not "{scheme}://"').format(scheme=scheme)
        )
    host = parts.hostname or ""
    if not host:
        return Check.error(tr('Website address "{text}" has no domain').format(text=shown(raw)))
    problem = _host_problem(host)
    if problem:
        return Check.error(tr("Website address: {problem}").format(problem=problem))
    netloc = f"{host}:{port}" if port is not None else host
    path = "" if parts.path == "/" else parts.path
    return Check.good(urlunsplit((scheme, netloc, path, parts.query, parts.fragment)))
