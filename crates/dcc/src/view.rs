//! A person-readable view of a certificate, with value-set display names and bilingual labels.

use serde::Serialize;
use serde_json::Value as Json;

use crate::clock::NumericDate;
use crate::open::Opened;
use crate::schema::display;
use crate::verify::CertificateType;

/// What a value in the [`View`] is, with its English and Vietnamese label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Label {
    /// `nam.fn`
    Surname,
    /// `nam.gn`
    Forename,
    /// `nam.fnt` and `nam.gnt`, as ICAO 9303 writes them.
    Transliteration,
    /// `dob`
    BirthDate,
    /// `tg`
    Disease,
    /// `vp`
    VaccineType,
    /// `mp`
    Vaccine,
    /// `ma`
    Manufacturer,
    /// `dn` / `sd`
    Dose,
    /// `dt`
    VaccinationDate,
    /// `tt`
    TestType,
    /// `nm`
    TestName,
    /// `sc`
    SampleTime,
    /// `tr`
    TestResult,
    /// `tc`
    TestCentre,
    /// `fr`
    FirstPositive,
    /// `df`
    ValidFrom,
    /// `du`
    ValidUntil,
    /// `co`
    Country,
    /// `is`
    CertificateIssuer,
    /// `ci`
    CertificateId,
    /// The CWT issuer claim.
    IssuingCountry,
    /// The CWT issued-at claim.
    IssuedAt,
    /// The CWT expiry claim.
    Expires,
    /// A vaccination entry.
    Vaccination,
    /// A test entry.
    Test,
    /// A recovery entry.
    Recovery,
}

impl Label {
    /// The English label.
    pub fn en(self) -> &'static str {
        self.labels().0
    }

    /// The Vietnamese label.
    pub fn vi(self) -> &'static str {
        self.labels().1
    }

    fn labels(self) -> (&'static str, &'static str) {
        match self {
            Label::Surname => ("Surname", "Họ"),
            Label::Forename => ("Forename", "Tên"),
            Label::Transliteration => ("Name (ICAO)", "Họ tên (ICAO)"),
            Label::BirthDate => ("Date of birth", "Ngày sinh"),
            Label::Disease => ("Disease", "Bệnh"),
            Label::VaccineType => ("Vaccine type", "Loại vắc xin"),
            Label::Vaccine => ("Vaccine", "Vắc xin"),
            Label::Manufacturer => ("Manufacturer", "Nhà sản xuất"),
            Label::Dose => ("Dose", "Mũi tiêm"),
            Label::VaccinationDate => ("Date of vaccination", "Ngày tiêm"),
            Label::TestType => ("Test type", "Loại xét nghiệm"),
            Label::TestName => ("Test name", "Tên xét nghiệm"),
            Label::SampleTime => ("Sample taken", "Thời điểm lấy mẫu"),
            Label::TestResult => ("Result", "Kết quả"),
            Label::TestCentre => ("Testing centre", "Cơ sở xét nghiệm"),
            Label::FirstPositive => ("First positive test", "Ngày xét nghiệm dương tính đầu tiên"),
            Label::ValidFrom => ("Valid from", "Có hiệu lực từ"),
            Label::ValidUntil => ("Valid until", "Có hiệu lực đến"),
            Label::Country => ("Country", "Quốc gia"),
            Label::CertificateIssuer => ("Certificate issuer", "Cơ quan cấp"),
            Label::CertificateId => ("Certificate identifier", "Mã chứng nhận"),
            Label::IssuingCountry => ("Issuing country", "Quốc gia cấp"),
            Label::IssuedAt => ("Issued", "Ngày cấp"),
            Label::Expires => ("Expires", "Hết hạn"),
            Label::Vaccination => ("Vaccination", "Tiêm chủng"),
            Label::Test => ("Test", "Xét nghiệm"),
            Label::Recovery => ("Recovery", "Khỏi bệnh"),
        }
    }
}

/// One value: its label, as written in the certificate, and its display name when a value set
/// has one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// What it is.
    pub label: Label,
    /// The value as written.
    pub value: String,
    /// The value set's display name, e.g. `Comirnaty` for `EU/1/20/1528`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
}

/// One vaccination, test or recovery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    /// Which kind of entry.
    pub kind: CertificateType,
    /// Its values, in the order a person reads them.
    pub items: Vec<Item>,
}

/// A certificate as a person reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct View {
    /// Name, transliteration and birth date.
    pub person: Vec<Item>,
    /// Every vaccination, test or recovery.
    pub events: Vec<Event>,
    /// Issuing country, issue and expiry.
    pub validity: Vec<Item>,
}

const FIELDS: &[(&str, Label, Option<&str>)] = &[
    (
        "tg",
        Label::Disease,
        Some("valuesets/disease-agent-targeted.json"),
    ),
    (
        "vp",
        Label::VaccineType,
        Some("valuesets/vaccine-prophylaxis.json"),
    ),
    (
        "mp",
        Label::Vaccine,
        Some("valuesets/vaccine-medicinal-product.json"),
    ),
    (
        "ma",
        Label::Manufacturer,
        Some("valuesets/vaccine-mah-manf.json"),
    ),
    ("dt", Label::VaccinationDate, None),
    ("tt", Label::TestType, Some("valuesets/test-type.json")),
    ("nm", Label::TestName, None),
    ("sc", Label::SampleTime, None),
    ("tr", Label::TestResult, Some("valuesets/test-result.json")),
    ("tc", Label::TestCentre, None),
    ("fr", Label::FirstPositive, None),
    ("df", Label::ValidFrom, None),
    ("du", Label::ValidUntil, None),
    ("co", Label::Country, Some("valuesets/country-2-codes.json")),
    ("is", Label::CertificateIssuer, None),
    ("ci", Label::CertificateId, None),
];

fn item(label: Label, value: impl Into<String>, set: Option<&str>) -> Item {
    let value = value.into();
    let display = set.and_then(|set| display(set, &value)).map(str::to_string);
    Item {
        label,
        value,
        display,
    }
}

fn text(value: &Json) -> String {
    match value {
        Json::String(text) => text.clone(),
        other => other.to_string(),
    }
}

impl Opened {
    /// The certificate as a person reads it, when the claims could be read.
    pub fn view(&self) -> Option<View> {
        let claims = self.claims.as_ref()?;
        let certificate = claims.certificate.as_ref()?.as_object()?;
        let mut person = Vec::new();
        let name = certificate.get("nam");
        for (key, label) in [("fn", Label::Surname), ("gn", Label::Forename)] {
            if let Some(value) = name.and_then(|n| n.get(key)) {
                person.push(item(label, text(value), None));
            }
        }
        let icao: Vec<String> = ["fnt", "gnt"]
            .iter()
            .filter_map(|key| name.and_then(|n| n.get(*key)).map(text))
            .collect();
        if !icao.is_empty() {
            person.push(item(Label::Transliteration, icao.join("<<"), None));
        }
        if let Some(dob) = certificate.get("dob") {
            person.push(item(Label::BirthDate, text(dob), None));
        }
        let mut events = Vec::new();
        for group in ["v", "t", "r"] {
            let Some(entries) = certificate.get(group).and_then(Json::as_array) else {
                continue;
            };
            let Some(kind) = CertificateType::of_group(group) else {
                continue;
            };
            for entry in entries {
                let mut items = Vec::new();
                for (key, label, set) in FIELDS {
                    if let Some(value) = entry.get(*key) {
                        items.push(item(*label, text(value), *set));
                    }
                    if *key == "ma" && group == "t" {
                        // A test's `ma` is the rapid test's device, from its own value set.
                        if let Some(last) =
                            items.last_mut().filter(|i| i.label == Label::Manufacturer)
                        {
                            last.display = display("valuesets/test-manf.json", &last.value)
                                .map(str::to_string);
                        }
                    }
                    if *key == "ma"
                        && group == "v"
                        && let (Some(dose), Some(series)) = (entry.get("dn"), entry.get("sd"))
                    {
                        let value = format!("{}/{}", text(dose), text(series));
                        items.push(item(Label::Dose, value, None));
                    }
                }
                events.push(Event { kind, items });
            }
        }
        let mut validity = Vec::new();
        if let Some(issuer) = claims.issuer() {
            validity.push(item(
                Label::IssuingCountry,
                issuer,
                Some("valuesets/country-2-codes.json"),
            ));
        }
        let time = |t: Option<NumericDate>| t.map(|t| t.to_string());
        if let Some(issued) = time(claims.issued_at()) {
            validity.push(item(Label::IssuedAt, issued, None));
        }
        if let Some(expiry) = time(claims.expiry()) {
            validity.push(item(Label::Expires, expiry, None));
        }
        Some(View {
            person,
            events,
            validity,
        })
    }
}
