//! Pictures of the wrong code: what an app shows when it builds the code wrongly.

use crate::{
    Error,
    identities::identities,
    spec::{Picture, Spec, code_of, standard_png},
};

/// Pictures of the wrong code: what an app shows when it builds the code wrongly.
pub(crate) fn display_defects() -> Result<Vec<Spec>, Error> {
    let identity = &identities()[1];
    let full = code_of(&identity.record, identity.id)?;
    let other = code_of(&identities()[2].record, identities()[2].id)?;
    let cases = [
        (
            "masked-for-full",
            "the picture shows the masked form where the full form is expected",
            full.masked(),
        ),
        (
            "another-person",
            "the picture shows another person's code",
            other,
        ),
    ];
    let mut specs = Vec::new();
    for (id, description, shown) in cases {
        let png = standard_png(shown.as_str().as_bytes(), id)?;
        let mut spec = Spec::new(format!("display-{id}"), description, full.as_str())
            .covers(&["D-01"])
            .valid_personal(&[])
            .picture(Picture::Drawn {
                png,
                errors: Vec::new(),
                warnings: Vec::new(),
            });
        spec.record = Some(identity.record.clone());
        spec.decode_error = Some("text-mismatch");
        specs.push(spec);
    }
    Ok(specs)
}
