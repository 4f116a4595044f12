//! The test identities, each a valid vector in its full and masked forms, unsigned and signed.

use qr1405_conformance::{Expectation, Forms, Stage};
use qr1405_payload::{Gender, Record};
use qr1405_testkeys::TestKey;

use crate::{
    Error,
    spec::{SIGNED_AT, Spec, code_of, time},
};

/// A test identity: a record and what it shows.
pub(crate) struct Identity {
    pub(crate) id: &'static str,
    pub(crate) description: &'static str,
    pub(crate) record: Record,
    /// Warnings its code has by design.
    pub(crate) warnings: &'static [&'static str],
}

impl Identity {
    /// The warnings of its code in `form`: the masked form hides what the cross-checks need,
    /// so it has no CCCD warnings.
    pub(crate) fn warnings_in(&self, form: &str) -> &'static [&'static str] {
        if form == "masked" { &[] } else { self.warnings }
    }
}

pub(crate) fn record(
    document: Option<&str>,
    name: &str,
    birth: &str,
    qid: &str,
    gender: Option<Gender>,
    insurance: Option<&str>,
    phone: Option<&str>,
) -> Record {
    let mut record = Record::new(name, birth, qid);
    record.document_number = document.map(str::to_owned);
    record.gender = gender;
    record.health_insurance_number = insurance.map(str::to_owned);
    record.phone = phone.map(str::to_owned);
    record
}

/// The test identities: every kind of document, self-declared and on behalf, long names.
pub(crate) fn identities() -> Vec<Identity> {
    let mut child = record(
        None,
        "Trần Bảo Ngọc",
        "2016-03-09",
        "162979388586171207",
        Some(Gender::Female),
        Some("TE1790160312345"),
        None,
    );
    child.declared_on_behalf = true;
    child.on_behalf_qid = Some("162979388586171100".into());
    let mut elder = record(
        Some("031047000123"),
        "Phạm Văn Đông",
        "1947-11-30",
        "162979388586171311",
        Some(Gender::Male),
        None,
        Some("0912345678"),
    );
    elder.declared_on_behalf = true;
    elder.on_behalf_qid = Some("162979388586171412".into());
    vec![
        Identity {
            id: "official-example",
            description: "the example printed with the Decision 1405 guidance",
            record: record(
                Some("001093029317"),
                "Nguyễn Lê Khả Hân",
                "1987-01-18",
                "162979388586171100",
                Some(Gender::Male),
                Some("HS4010120878821"),
                Some("0944713700"),
            ),
            warnings: &["cccd-birth-year-mismatch"],
        },
        Identity {
            id: "cccd-self",
            description: "a CCCD holder, self-declared, every EXT slot but the declarer",
            record: record(
                Some("079187029317"),
                "Nguyễn Thị Minh Khai",
                "1987-05-19",
                "162979388586171501",
                Some(Gender::Female),
                Some("DN4790123456789"),
                Some("0903123456"),
            ),
            warnings: &[],
        },
        Identity {
            id: "cmnd-self",
            description: "a 9-digit CMND holder, self-declared, no EXT",
            record: record(
                Some("025123456"),
                "Lê Văn Tám",
                "1975-04-30",
                "162979388586171602",
                None,
                None,
                None,
            ),
            warnings: &[],
        },
        Identity {
            id: "cmnd12-2000s",
            description: "a 12-digit CMND holder born in the 2000s, gender unknown, phone only",
            record: record(
                Some("048302001234"),
                "Hoàng Gia Bảo",
                "2002-12-31",
                "162979388586171703",
                Some(Gender::Unknown),
                None,
                Some("0356789012"),
            ),
            warnings: &[],
        },
        Identity {
            id: "passport",
            description: "a traveller declared with a foreign passport",
            record: record(
                Some("C1234567"),
                "John Michael Smith",
                "1990-07-04",
                "162979388586171804",
                Some(Gender::Male),
                None,
                None,
            ),
            warnings: &[],
        },
        Identity {
            id: "child-on-behalf",
            description: "a child declared on behalf by a parent, no document",
            record: child,
            warnings: &[],
        },
        Identity {
            id: "elder-on-behalf",
            description: "an elder with a CCCD, declared on behalf",
            record: elder,
            warnings: &[],
        },
        Identity {
            id: "long-name",
            description: "a long name of many words",
            record: record(
                Some("046190003456"),
                "Tôn Nữ Thị Phương Thảo Hoàng Ngọc Bích Nguyệt Quế",
                "1990-02-28",
                "162979388586171905",
                Some(Gender::Female),
                Some("GD4460123456789"),
                Some("0234567890"),
            ),
            warnings: &[],
        },
    ]
}

/// The full and masked forms of an identity, each a valid vector.
pub(crate) fn identity_vectors(identity: &Identity, index: usize) -> Result<Vec<Spec>, Error> {
    let full = code_of(&identity.record, identity.id)?;
    let masked = full.masked();
    let forms = Forms {
        full: full.as_str().to_owned(),
        masked: masked.as_str().to_owned(),
    };
    let mut requirements = vec!["P-01", "P-03", "P-04", "P-05", "P-06", "P-07", "D-01"];
    if identity.record.declared_on_behalf {
        requirements.push("P-08");
        requirements.push("P-13");
    }
    if !identity.warnings.is_empty() {
        requirements.push("P-14");
    }
    let mut specs = Vec::new();
    for (form, code) in [("full", &full), ("masked", &masked)] {
        let mut covered = requirements.clone();
        if form == "masked" {
            covered.push("D-02");
        }
        let mut spec = Spec::new(
            format!("valid-{}-{form}", identity.id),
            format!("{}, {form} form", identity.description),
            code.as_str(),
        )
        .covers(&covered);
        spec.record = Some(identity.record.clone());
        spec.expected = Some(forms.clone());
        specs.push(
            spec.valid_personal(identity.warnings_in(form))
                .stage(Stage::Verify, Expectation::pass(["unsigned"]))
                .covers(&["S-04"]),
        );
    }
    let key = SIGNING_KEYS[index % SIGNING_KEYS.len()];
    let signed = key
        .secret_key()
        .sign_display_forms(&full, time(SIGNED_AT, identity.id)?)
        .map_err(|source| Error::Sign {
            item: format!("{}.signature", identity.id),
            source,
        })?;
    let signed_forms = Forms {
        full: signed.full.as_str().to_owned(),
        masked: signed.masked.as_str().to_owned(),
    };
    for (form, code) in [("full", &signed.full), ("masked", &signed.masked)] {
        let mut covered = requirements.clone();
        covered.extend(["P-12", "S-01", "S-02", "S-03", "S-04"]);
        if form == "masked" {
            covered.push("D-02");
        }
        let mut spec = Spec::new(
            format!("signed-{}-{form}", identity.id),
            format!(
                "{}, {form} form, signed by {}",
                identity.description,
                key.label()
            ),
            code.as_str(),
        )
        .covers(&covered);
        spec.record = Some(identity.record.clone());
        spec.expected = Some(signed_forms.clone());
        spec.key_id = Some(key.public_key().key_id().to_string());
        specs.push(
            spec.valid_personal(identity.warnings_in(form))
                .stage(Stage::Verify, Expectation::pass([]))
                .stage(Stage::Trust, Expectation::pass([])),
        );
    }
    Ok(specs)
}

/// The keys identities are signed with, in turn: one of each issuer valid in 2021.
pub(crate) const SIGNING_KEYS: [TestKey; 4] = [
    TestKey::Qrqg2021,
    TestKey::PcCovid2021,
    TestKey::Vneid2021,
    TestKey::SoSucKhoe2021,
];
