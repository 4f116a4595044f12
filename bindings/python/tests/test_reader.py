"""The Python binding: typed readings built natively, errors, the display side, and the shared
golden cases."""

import copy
import dataclasses
import datetime as dt
import pathlib
import pickle

import pytest

import qr1405

ROOT = pathlib.Path(__file__).resolve().parents[3]
VECTORS = ROOT / "conformance-vectors"
OFFICIAL = (
    "001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<1<HS4010120878821<0944713700"
)
AT = dt.datetime(2022, 6, 1, 8, tzinfo=dt.timezone(dt.timedelta(hours=7)))


@pytest.fixture(scope="module")
def reader():
    return qr1405.Reader(
        (VECTORS / "trust-list.json").read_bytes(), (VECTORS / "root.pub").read_text()
    )


def test_a_valid_code_is_accepted_with_typed_fields(reader):
    reading = reader.read(OFFICIAL, at=AT)
    assert isinstance(reading, qr1405.Accept)
    assert reading.accepted
    assert reading.kind == "personal-code"
    assert reading.fields["full_name"] == "NGUYEN LE KHA HAN"
    assert reading.signature == qr1405.Signature(verdict="unsigned")
    assert reading.green is None


def test_a_signed_picture_names_its_issuer(reader):
    image = (VECTORS / "vectors" / "signed-official-example-full.png").read_bytes()
    reading = reader.read_image(image, at=AT)
    assert isinstance(reading, qr1405.Accept), reading
    assert reading.signature.verdict == "valid"
    assert reading.signature.issuer_id


def test_every_reason_of_a_refusal(reader):
    reading = reader.read(b"|nguyen van a|1987-02-30|0||", at=AT)
    assert isinstance(reading, qr1405.Refuse)
    assert not reading.accepted
    assert reading.codes == [
        "document-number-missing",
        "full-name-lowercase",
        "birth-date-invalid",
        "qid-missing",
    ]
    assert reading.reasons[2] == qr1405.Reason(
        code="birth-date-invalid",
        message='date of birth "1987-02-30" is not a calendar date',
        field="birth_date",
        position=14,
    )


def test_bad_input_is_refused_not_raised(reader):
    assert reader.read(b"\xff\xfe\x00|", at=AT).kind in ("personal-code", "unknown")
    huge = reader.read(b"A" * (32 << 20), at=AT)
    assert huge.codes == ["unknown-format"]
    png = qr1405.render_png(OFFICIAL, module_px=4)
    assert reader.read_image(png[: len(png) // 2], at=AT).codes == ["image-unreadable"]
    assert reader.read_image(b"", at=AT).codes == ["image-unreadable"]


def test_bad_arguments_raise_clear_errors(reader):
    with pytest.raises(ValueError, match="root public key"):
        qr1405.Reader(b"{}", "not a key")
    with pytest.raises(ValueError, match="trust list"):
        qr1405.Reader(b"{}", (VECTORS / "root.pub").read_text())
    with pytest.raises(ValueError, match="or neither"):
        qr1405.Reader(b"{}")
    with pytest.raises(ValueError, match="clock"):
        reader.read(OFFICIAL, at=-1)
    with pytest.raises(ValueError, match="time zone"):
        reader.read(OFFICIAL, at=dt.datetime(2022, 1, 1))
    with pytest.raises(TypeError):
        reader.read(42, at=AT)
    with pytest.raises(ValueError, match="record"):
        qr1405.display_codes("[]")
    with pytest.raises(ValueError, match="empty"):
        qr1405.render_png("", module_px=4)
    with pytest.raises(ValueError, match="not both or neither"):
        qr1405.render_svg("A")


def test_readings_are_plain_dataclasses(reader):
    reading = reader.read(OFFICIAL, at=AT)
    by_hand = qr1405.Accept(
        kind="personal-code",
        display_form="full",
        fields=dict(reading.fields),
        signature=qr1405.Signature(verdict="unsigned"),
        green=None,
        warnings=[
            qr1405.Reason(
                code="cccd-birth-year-mismatch",
                message='citizen number "001093029317" is for someone born in 1993, '
                "but the date of birth is in 1987",
                field="document_number",
                position=4,
            )
        ],
        text=OFFICIAL,
        json="{}",
    )
    assert reading == by_hand
    assert repr(reading) == repr(by_hand)
    assert [f.name for f in dataclasses.fields(reading)][-1] == "json"
    assert dataclasses.replace(reading, kind="cccd").kind == "cccd"
    with pytest.raises(dataclasses.FrozenInstanceError):
        reading.kind = "cccd"
    with pytest.raises(AttributeError, match="no attribute 'colour'"):
        reading.colour
    refusal = reader.read(b"|nguyen van a|1987-02-30|0||", at=AT)
    for original in (reading, refusal):
        for twin in (copy.copy(original), copy.deepcopy(original), pickle.loads(pickle.dumps(original))):
            assert twin == original
            assert twin.json == original.json
            assert "_reading" not in vars(twin)


def test_the_json_is_written_once_on_demand(reader):
    reading = reader.read(OFFICIAL, at=AT)
    assert "json" not in vars(reading)
    text = reading.json
    assert text.startswith('{"verdict":"accept","kind":"personal-code"')
    assert vars(reading)["json"] is text
    assert reading.json is text


def test_texts_and_clocks_of_every_accepted_type(reader):
    expected = reader.read(OFFICIAL.encode(), at=AT).json
    for text in (OFFICIAL, OFFICIAL.encode(), bytearray(OFFICIAL.encode()), memoryview(OFFICIAL.encode())):
        assert reader.read(text, at=AT).json == expected, type(text)
    assert reader.read(OFFICIAL, at=int(AT.timestamp())).json == expected
    assert reader.read(OFFICIAL).accepted
    with pytest.raises(TypeError, match="not bool"):
        reader.read(OFFICIAL, at=True)
    with pytest.raises(TypeError, match="not float"):
        reader.read(OFFICIAL, at=1.5)
    with pytest.raises(TypeError, match="image is bytes or str, not list"):
        reader.read_image([1, 2], at=AT)


def test_policy_and_no_trust_list():
    strict = qr1405.Reader(accept_unsigned=False)
    assert strict.read(OFFICIAL, at=AT).codes == ["unsigned"]


def test_the_display_side():
    full, masked = qr1405.display_codes(
        {
            "document_number": "001087029317",
            "full_name": "Nguyễn Lê Khả Hân",
            "birth_date": "1987-01-18",
            "qid": "162979388586171100",
        }
    )
    assert full == "001087029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|"
    assert masked == "******029317|NGUYEN LE KHA HAN|1987-**-**|0|162979388586171100|"
    assert qr1405.render_svg(masked, size_mm=50, dpi=300).lstrip().startswith("<")
    png = qr1405.render_png(full, size_mm=50, dpi=300)
    assert qr1405.Reader().read_image(png, at=AT).text == full


def golden_cases():
    lines = (ROOT / "bindings" / "golden" / "reader-cases.tsv").read_text("utf-8").splitlines()
    cases = [line.split("\t") for line in lines if not line.startswith("#")]
    assert len(cases) >= 200
    return cases


@pytest.mark.parametrize("case", golden_cases(), ids=lambda c: f"{c[0]}-{c[1]}")
def test_golden_case(reader, case):
    case_id, kind, data, at, expected = case
    if kind == "text":
        reading = reader.read(bytes.fromhex(data), at=int(at))
    else:
        reading = reader.read_image((ROOT / data).read_bytes(), at=int(at))
    assert reading.json == expected, case_id
    assert isinstance(reading, qr1405.Accept) == expected.startswith('{"verdict":"accept"')
