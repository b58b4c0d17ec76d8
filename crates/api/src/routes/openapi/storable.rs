//! Request bodies may carry no NUL character (PostgreSQL cannot store one) in any string or
//! field name, unknown fields included. Each request schema says so: a `Storable` schema for
//! the fields it does not list, and a pattern on the strings it does. The same holds for
//! query values (a NUL in one is a 400), so every text parameter carries the pattern too.

use utoipa::Modify;
use utoipa::openapi::path::ParameterIn;
use utoipa::openapi::schema::{
    AdditionalProperties, AllOfBuilder, AnyOfBuilder, ArrayBuilder, Object, ObjectBuilder, Schema,
    SchemaType, Type,
};
use utoipa::openapi::{OpenApi as Document, Ref, RefOr};

const NO_NUL: &str = "^[^\\u0000]*$";

/// The request bodies (see `bodies/requests.rs`).
const REQUEST_BODIES: &[&str] = &[
    "LeadSubmission",
    "WebhookCreate",
    "WebhookChanges",
    "PartnerCreate",
    "PartnerChanges",
    "FundingTypeCreate",
    "FundingTypeActive",
    "StageMove",
    "QuotesReplace",
    "QuoteDraft",
    "PayoutRun",
    "PayoutFailure",
    "AccountChanges",
    "InvitationCreate",
    "PasswordChoice",
    "SignIn",
    "KeyRequest",
    "ApplicationCreate",
    "ApplicationApproval",
    "ApplicationRejection",
];

pub struct StorableText;

impl Modify for StorableText {
    fn modify(&self, document: &mut Document) {
        let components = document.components.get_or_insert_with(Default::default);
        components
            .schemas
            .insert("Storable".to_string(), RefOr::T(storable()));
        for name in REQUEST_BODIES {
            if let Some(RefOr::T(Schema::Object(object))) = components.schemas.get_mut(*name) {
                storable_only(object);
            }
        }
        // A tracking link drops a `utm_*` value holding a NUL rather than refuse the visit.
        let operations = document
            .paths
            .paths
            .iter_mut()
            .filter(|(path, _)| !path.starts_with("/r/"))
            .flat_map(|(_, item)| {
                [
                    &mut item.get,
                    &mut item.post,
                    &mut item.put,
                    &mut item.patch,
                    &mut item.delete,
                ]
            })
            .flatten();
        for operation in operations {
            for parameter in operation.parameters.iter_mut().flatten() {
                if let RefOr::T(parameter) = parameter
                    && parameter.parameter_in == ParameterIn::Query
                    && let Some(RefOr::T(Schema::Object(text))) = parameter.schema.as_mut()
                {
                    without_nul(text);
                }
            }
        }
        // A webhook PATCH must change something.
        if let Some(changes) = components.schemas.get_mut("WebhookChanges") {
            let body = std::mem::replace(changes, RefOr::T(Schema::default()));
            let any_field = ["url", "events", "enabled", "description"]
                .into_iter()
                .fold(AnyOfBuilder::new(), |any, field| {
                    any.item(
                        ObjectBuilder::new()
                            .schema_type(SchemaType::AnyValue)
                            .required(field),
                    )
                });
            *changes = RefOr::T(Schema::AllOf(
                AllOfBuilder::new().item(body).item(any_field).build(),
            ));
        }
    }
}

fn storable_ref() -> Ref {
    Ref::from_schema_name("Storable")
}

/// Any JSON value without a NUL in a string or a field name.
fn storable() -> Schema {
    let scalars = SchemaType::Array(vec![Type::Null, Type::Boolean, Type::Number]);
    AnyOfBuilder::new()
        .description(Some(
            "Any JSON value without a NUL character in a string or a field name",
        ))
        .item(ObjectBuilder::new().schema_type(scalars))
        .item(text_without_nul())
        .item(ArrayBuilder::new().items(storable_ref()))
        .item(
            ObjectBuilder::new()
                .schema_type(Type::Object)
                .property_names(Some(text_without_nul()))
                .additional_properties(Some(storable_ref())),
        )
        .into()
}

fn text_without_nul() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .pattern(Some(NO_NUL))
}

fn has_type(schema_type: &SchemaType, wanted: Type) -> bool {
    match schema_type {
        SchemaType::Type(kind) => *kind == wanted,
        SchemaType::Array(kinds) => kinds.contains(&wanted),
        SchemaType::AnyValue => false,
    }
}

fn storable_only(object: &mut Object) {
    let closed = matches!(
        object.additional_properties.as_deref(),
        Some(AdditionalProperties::FreeForm(false))
    );
    if has_type(&object.schema_type, Type::Object) && !closed {
        object.property_names = Some(Box::new(text_without_nul().into()));
        object.additional_properties = Some(Box::new(AdditionalProperties::RefOr(RefOr::Ref(
            storable_ref(),
        ))));
    }
    if closed {
        object.property_names = Some(Box::new(text_without_nul().into()));
    }
    for property in object.properties.values_mut() {
        if let RefOr::T(Schema::Object(field)) = property {
            without_nul(field);
        }
    }
}

/// A string without a pattern of its own gets the one that refuses a NUL.
fn without_nul(text: &mut Object) {
    if has_type(&text.schema_type, Type::String) && text.pattern.is_none() {
        text.pattern = Some(NO_NUL.to_string());
    }
}
