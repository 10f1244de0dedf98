//! The rules of the instrument format, checked on the raw file. Every problem is collected with
//! its line and field; the clean [`Instrument`] is only built when there are none.

use super::error::Problem;
use super::raw::{
    RawBanding, RawBands, RawBipolar, RawDimension, RawInstrument, RawItem, RawReliabilities,
    RawReliability, RawScale,
};
use super::{
    Banding, Bands, Bipolar, Dimension, Instrument, InstrumentKind, Item, Reliabilities,
    Reliability, Scale, Thresholds, locate,
};
use crate::model::Index;
use crate::scoring::{Feed, Plan, PlanItem};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;
use toml::Spanned;

const THRESHOLD_RULE: &str = "thresholds must ascend: 0 ≤ moderate < high ≤ 100";

/// Checks every rule of the format and builds the instrument, or returns all problems found.
pub(super) fn validate(raw: RawInstrument, text: &str) -> Result<Instrument, Vec<Problem>> {
    let mut check = Checker {
        text,
        problems: Vec::new(),
    };
    check.id(&raw.id, "id");
    if *raw.version.get_ref() == 0 {
        check.report(
            raw.version.span(),
            "version",
            "must be 1 or more; raise it whenever items, scales or thresholds change",
        );
    }
    check.not_blank(&raw.title, "title");
    check.not_blank(&raw.description, "description");
    check.not_blank(&raw.period, "period");
    check.not_blank(&raw.citation, "citation");
    let kind = check.kind(&raw.kind);
    let scales = check.scales(&raw.scales);
    let bands = check.bands(&raw.bands);
    let reliability = check.reliabilities(raw.reliability.as_ref());
    let dimensions = check.dimensions(&raw.dimensions);
    let items = check.items(&raw.items, &dimensions, &scales);
    check.coverage(&raw.dimensions, &dimensions, &items.fed);

    if !check.problems.is_empty() {
        return Err(check.problems);
    }
    let declared: Vec<Dimension> = dimensions
        .entries
        .into_iter()
        .map(|d| d.dimension)
        .collect();
    let plan = Plan::new(&declared, &bands, items.plan);
    Ok(Instrument {
        id: raw.id.into_inner(),
        version: raw.version.into_inner(),
        title: raw.title.into_inner(),
        description: raw.description.into_inner(),
        period: raw.period.into_inner(),
        kind,
        validated: raw.validated,
        citation: raw.citation.into_inner(),
        scales: scales.valid,
        dimensions: declared,
        items: items.items,
        bands,
        reliability,
        plan,
    })
}

/// Collects problems, each located by the span of the offending text.
struct Checker<'t> {
    text: &'t str,
    problems: Vec<Problem>,
}

/// The scales of a file: the valid ones, and the names of all declared (valid or not).
struct Scales {
    valid: BTreeMap<String, Scale>,
    declared: BTreeSet<String>,
}

/// The declared dimensions, in order, and where to find each id.
struct Dimensions {
    entries: Vec<DimensionEntry>,
    slots: HashMap<String, usize>,
}

struct DimensionEntry {
    dimension: Dimension,
    /// False when the file's `index` was invalid (a problem was reported and `index` is a stand-in).
    index_known: bool,
}

/// The checked items, their scoring plan and how many items feed each dimension slot.
struct Items {
    items: Vec<Item>,
    plan: Vec<PlanItem>,
    fed: Vec<usize>,
}

impl Dimensions {
    fn ids(&self) -> String {
        let ids: Vec<&str> = self
            .entries
            .iter()
            .map(|e| e.dimension.id.as_str())
            .collect();
        ids.join(", ")
    }
}

impl Checker<'_> {
    fn report(&mut self, span: Range<usize>, field: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem {
            line: Some(locate::line_of(self.text, span.start)),
            field: field.into(),
            message: message.into(),
        });
    }

    fn line(&self, span: &Range<usize>) -> usize {
        locate::line_of(self.text, span.start)
    }

    /// Ids are the keys of answers and scores: letters, digits, `_` and `-` only.
    fn id(&mut self, id: &Spanned<String>, field: &str) {
        let value = id.get_ref();
        let allowed = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
        if value.is_empty() {
            self.report(id.span(), field, "must not be empty");
        } else if !value.chars().all(allowed) {
            self.report(
                id.span(),
                field,
                format!(
                    "\"{value}\" is not a valid id; use only letters, digits, '_' and '-' (e.g. \"exhaustion_drained\")"
                ),
            );
        }
    }

    fn not_blank(&mut self, value: &Spanned<String>, field: &str) {
        if value.get_ref().trim().is_empty() {
            self.report(value.span(), field, "must not be empty");
        }
    }

    fn kind(&mut self, kind: &Spanned<String>) -> InstrumentKind {
        match kind.get_ref().as_str() {
            "assessment" => InstrumentKind::Assessment,
            "pulse" => InstrumentKind::Pulse,
            other => {
                self.report(
                    kind.span(),
                    "kind",
                    format!("unknown kind \"{other}\"; allowed: assessment, pulse"),
                );
                InstrumentKind::Assessment
            }
        }
    }

    fn scales(&mut self, raw: &Spanned<BTreeMap<String, Spanned<RawScale>>>) -> Scales {
        let mut scales = Scales {
            valid: BTreeMap::new(),
            declared: BTreeSet::new(),
        };
        if raw.get_ref().is_empty() {
            self.report(
                raw.span(),
                "scales",
                "no scale declared; add one, e.g. [scales.frequency] with labels and values",
            );
        }
        for (name, scale) in raw.get_ref() {
            scales.declared.insert(name.clone());
            let before = self.problems.len();
            let field = format!("scales.{name}");
            self.id(&Spanned::new(scale.span(), name.clone()), &field);
            let checked = self.scale(scale.get_ref(), &field);
            if self.problems.len() == before {
                scales.valid.insert(name.clone(), checked);
            }
        }
        scales
    }

    fn scale(&mut self, raw: &RawScale, field: &str) -> Scale {
        let values: Vec<i32> = raw.values.get_ref().iter().map(|v| *v.get_ref()).collect();
        if values.len() < 2 {
            self.report(
                raw.values.span(),
                format!("{field}.values"),
                format!("a scale needs at least two values, got {}", values.len()),
            );
        }
        for (n, pair) in raw.values.get_ref().windows(2).enumerate() {
            let (before, value) = (*pair[0].get_ref(), *pair[1].get_ref());
            if value <= before {
                self.report(
                    pair[1].span(),
                    format!("{field}.values[{}]", n + 1),
                    format!(
                        "{value} is not above the value before it ({before}); values must strictly ascend"
                    ),
                );
            }
        }
        let labels = raw.labels.get_ref();
        if labels.len() != values.len() {
            self.report(
                raw.labels.span(),
                format!("{field}.labels"),
                format!(
                    "{} labels for {} values; give exactly one label per value, in the same order",
                    labels.len(),
                    values.len()
                ),
            );
        }
        for (n, label) in labels.iter().enumerate() {
            self.not_blank(label, &format!("{field}.labels[{n}]"));
        }
        Scale {
            labels: labels.iter().map(|l| l.get_ref().clone()).collect(),
            values,
        }
    }

    fn thresholds(
        &mut self,
        field: &str,
        moderate: &Spanned<f64>,
        high: &Spanned<f64>,
    ) -> Thresholds {
        let (m, h) = (*moderate.get_ref(), *high.get_ref());
        let on_scale = |v: f64| (0.0..=100.0).contains(&v);
        if !on_scale(m) {
            self.report(
                moderate.span(),
                format!("{field}.moderate"),
                format!("{m} is outside 0–100; {THRESHOLD_RULE}"),
            );
        }
        if !on_scale(h) {
            self.report(
                high.span(),
                format!("{field}.high"),
                format!("{h} is outside 0–100; {THRESHOLD_RULE}"),
            );
        } else if on_scale(m) && m >= h {
            self.report(
                high.span(),
                format!("{field}.high"),
                format!("high ({h}) must be above moderate ({m}); {THRESHOLD_RULE}"),
            );
        }
        Thresholds {
            moderate: m,
            high: h,
        }
    }

    fn banding(&mut self, field: &str, raw: &RawBanding) -> Banding {
        Banding {
            thresholds: self.thresholds(field, &raw.moderate, &raw.high),
            provisional: raw.provisional,
        }
    }

    fn bands(&mut self, raw: &RawBands) -> Bands {
        Bands {
            burnout: self.banding("bands.burnout", &raw.burnout),
            rustout: self.banding("bands.rustout", &raw.rustout),
            dimensions: self.banding("bands.dimensions", &raw.dimensions),
        }
    }

    fn reliabilities(&mut self, raw: Option<&RawReliabilities>) -> Reliabilities {
        let mut out = Reliabilities {
            provisional: raw.is_some_and(|r| r.provisional),
            by_index: BTreeMap::new(),
        };
        let Some(raw) = raw else { return out };
        let declared = [
            (Index::Burnout, &raw.burnout),
            (Index::Rustout, &raw.rustout),
            (Index::Balance, &raw.balance),
        ];
        for (index, entry) in declared {
            if let Some(entry) = entry {
                let checked = self.reliability(&format!("reliability.{index}"), entry);
                out.by_index.insert(index, checked);
            }
        }
        out
    }

    fn reliability(&mut self, field: &str, raw: &RawReliability) -> Reliability {
        let (sd, r) = (*raw.sd.get_ref(), *raw.reliability.get_ref());
        if !(sd.is_finite() && sd > 0.0) {
            self.report(
                raw.sd.span(),
                format!("{field}.sd"),
                format!("must be a positive number of score points (0–100 scale), got {sd}"),
            );
        }
        if !(r > 0.0 && r < 1.0) {
            self.report(
                raw.reliability.span(),
                format!("{field}.reliability"),
                format!("must be strictly between 0 and 1 (e.g. 0.85), got {r}"),
            );
        }
        Reliability { sd, reliability: r }
    }

    fn dimensions(&mut self, raw: &Spanned<Vec<Spanned<RawDimension>>>) -> Dimensions {
        let mut out = Dimensions {
            entries: Vec::new(),
            slots: HashMap::new(),
        };
        let mut first_line: HashMap<String, usize> = HashMap::new();
        for (n, dimension) in raw.get_ref().iter().enumerate() {
            let d = dimension.get_ref();
            let field = |name: &str| format!("dimensions[{n}].{name}");
            self.id(&d.id, &field("id"));
            let id = d.id.get_ref().clone();
            if let Some(line) = first_line.get(&id) {
                let line = *line;
                self.report(
                    d.id.span(),
                    field("id"),
                    format!(
                        "duplicate dimension id \"{id}\"; first declared on line {line}; dimension ids must be unique"
                    ),
                );
            } else {
                first_line.insert(id.clone(), self.line(&d.id.span()));
                out.slots.insert(id.clone(), out.entries.len());
            }
            self.not_blank(&d.title, &field("title"));
            let index = self.dimension_index(&d.index, &field("index"));
            let thresholds = d
                .bands
                .as_ref()
                .map(|b| self.thresholds(&field("bands"), &b.moderate, &b.high));
            out.entries.push(DimensionEntry {
                index_known: index.is_some(),
                dimension: Dimension {
                    id,
                    title: d.title.get_ref().clone(),
                    description: d.description.clone(),
                    index: index.unwrap_or(Index::Shared),
                    safety: d.safety,
                    thresholds,
                },
            });
        }
        out
    }

    fn dimension_index(&mut self, index: &Spanned<String>, field: &str) -> Option<Index> {
        match index.get_ref().as_str() {
            "burnout" => Some(Index::Burnout),
            "rustout" => Some(Index::Rustout),
            "shared" => Some(Index::Shared),
            "balance" => {
                self.report(
                    index.span(),
                    field,
                    "a dimension cannot feed balance: the challenge balance comes from bipolar items \
                     (bipolar = { low = \"…\", high = \"…\" }), whose halves feed a rustout and a burnout \
                     dimension; allowed here: burnout, rustout, shared",
                );
                None
            }
            other => {
                self.report(
                    index.span(),
                    field,
                    format!("unknown index \"{other}\"; allowed: burnout, rustout, shared"),
                );
                None
            }
        }
    }

    fn items(
        &mut self,
        raw: &Spanned<Vec<Spanned<RawItem>>>,
        dimensions: &Dimensions,
        scales: &Scales,
    ) -> Items {
        let mut out = Items {
            items: Vec::new(),
            plan: Vec::new(),
            fed: vec![0; dimensions.entries.len()],
        };
        if raw.get_ref().is_empty() {
            self.report(raw.span(), "items", "an instrument needs at least one item");
        }
        let mut first_line: HashMap<String, usize> = HashMap::new();
        for (n, item) in raw.get_ref().iter().enumerate() {
            let id = item.get_ref().id.get_ref();
            if let Some(line) = first_line.get(id) {
                let line = *line;
                self.report(
                    item.get_ref().id.span(),
                    format!("items[{n}].id"),
                    format!(
                        "duplicate item id \"{id}\"; first used on line {line}; item ids must be unique"
                    ),
                );
            } else {
                first_line.insert(id.clone(), self.line(&item.get_ref().id.span()));
            }
            if let Some((checked, planned)) = self.item(n, item, dimensions, scales, &mut out.fed) {
                out.items.push(checked);
                out.plan.push(planned);
            }
        }
        out
    }

    /// Checks one item; returns it with its scoring plan when it is valid.
    fn item(
        &mut self,
        n: usize,
        raw: &Spanned<RawItem>,
        dimensions: &Dimensions,
        scales: &Scales,
        fed: &mut [usize],
    ) -> Option<(Item, PlanItem)> {
        let item = raw.get_ref();
        let field = |name: &str| format!("items[{n}].{name}");
        self.id(&item.id, &field("id"));
        self.not_blank(&item.text, &field("text"));
        let scale_name = item.scale.get_ref();
        let scale = scales.valid.get(scale_name);
        if !scales.declared.contains(scale_name) {
            let declared: Vec<&str> = scales.declared.iter().map(String::as_str).collect();
            self.report(
                item.scale.span(),
                field("scale"),
                format!(
                    "unknown scale \"{scale_name}\"; declared: {}",
                    declared.join(", ")
                ),
            );
        }
        let reverse = item.reverse.as_ref().is_some_and(|r| *r.get_ref());

        let feed = match (&item.dimension, &item.bipolar) {
            (Some(_), Some(bipolar)) => {
                self.report(
                    bipolar.span(),
                    field("bipolar"),
                    "an item has either `dimension` or `bipolar`, not both",
                );
                None
            }
            (None, None) => {
                self.report(
                    raw.span(),
                    field("dimension"),
                    "missing; name the dimension the item feeds (dimension = \"…\"), or for a \
                     bipolar item its two halves (bipolar = { low = \"…\", high = \"…\" })",
                );
                None
            }
            (Some(dimension), None) => {
                let slot = self.dimension_slot(dimension, &field("dimension"), dimensions);
                if let Some(count) = slot.and_then(|slot| fed.get_mut(slot)) {
                    *count += 1;
                }
                slot.map(|slot| Feed::Dimension { slot, reverse })
            }
            (None, Some(bipolar)) => {
                if let Some(flag) = item.reverse.as_ref().filter(|r| *r.get_ref()) {
                    self.report(
                        flag.span(),
                        field("reverse"),
                        "a bipolar item cannot be reversed; order its scale from \"too little\" to \"too much\" instead",
                    );
                }
                self.bipolar(n, bipolar, scale, dimensions, fed)
            }
        };

        let scale = scale?;
        let feed = feed?;
        let checked = Item {
            id: item.id.get_ref().clone(),
            text: item.text.get_ref().clone(),
            dimension: item.dimension.as_ref().map(|d| d.get_ref().clone()),
            scale: scale_name.clone(),
            reverse,
            bipolar: item.bipolar.as_ref().and_then(|b| {
                let b = b.get_ref();
                Some(Bipolar {
                    low: b.low.as_ref()?.get_ref().clone(),
                    high: b.high.as_ref()?.get_ref().clone(),
                })
            }),
        };
        let planned = PlanItem {
            id: checked.id.clone(),
            scale: scale.clone(),
            feed,
        };
        Some((checked, planned))
    }

    fn dimension_slot(
        &mut self,
        id: &Spanned<String>,
        field: &str,
        dimensions: &Dimensions,
    ) -> Option<usize> {
        let slot = dimensions.slots.get(id.get_ref()).copied();
        if slot.is_none() {
            self.report(
                id.span(),
                field,
                format!(
                    "unknown dimension \"{}\"; declared: {}",
                    id.get_ref(),
                    dimensions.ids()
                ),
            );
        }
        slot
    }

    /// Checks a bipolar item's halves and scale; counts the halves as fed.
    fn bipolar(
        &mut self,
        n: usize,
        raw: &Spanned<RawBipolar>,
        scale: Option<&Scale>,
        dimensions: &Dimensions,
        fed: &mut [usize],
    ) -> Option<Feed> {
        let halves = [
            ("low", &raw.get_ref().low, Index::Rustout, "\"too little\""),
            ("high", &raw.get_ref().high, Index::Burnout, "\"too much\""),
        ];
        let mut slots = [None, None];
        for (k, (half, id, wanted, meaning)) in halves.into_iter().enumerate() {
            let field = format!("items[{n}].bipolar.{half}");
            let Some(id) = id else {
                self.report(
                    raw.span(),
                    field,
                    "missing; a bipolar item names both halves: low = the rustout dimension its \
                     \"too little\" answers feed, high = the burnout dimension its \"too much\" answers feed",
                );
                continue;
            };
            let Some(slot) = self.dimension_slot(id, &field, dimensions) else {
                continue;
            };
            if let Some(count) = fed.get_mut(slot) {
                *count += 1;
            }
            if let Some(entry) = dimensions.entries.get(slot) {
                let index = entry.dimension.index;
                if entry.index_known && index != wanted {
                    self.report(
                        id.span(),
                        field,
                        format!(
                            "dimension \"{}\" feeds {index}; the {half} ({meaning}) half must feed a {wanted} dimension",
                            id.get_ref()
                        ),
                    );
                }
            }
            slots[k] = Some(slot);
        }
        if let (Some(low), Some(high), Some(high_id)) = (slots[0], slots[1], &raw.get_ref().high)
            && low == high
        {
            self.report(
                high_id.span(),
                format!("items[{n}].bipolar.high"),
                "the two halves must be different dimensions",
            );
        }
        let shape = scale.and_then(|s| self.bipolar_scale(n, raw, s));
        Some(Feed::Bipolar {
            low: slots[0]?,
            high: slots[1]?,
            middle: shape?.0,
            half: shape?.1,
        })
    }

    /// A bipolar scale has an odd number of values, symmetric around the middle ("about right").
    /// Returns the middle value and the distance from it to either end.
    fn bipolar_scale(
        &mut self,
        n: usize,
        raw: &Spanned<RawBipolar>,
        scale: &Scale,
    ) -> Option<(i32, i32)> {
        let field = format!("items[{n}].scale");
        let Some(middle) = scale.middle() else {
            self.report(
                raw.span(),
                field,
                format!(
                    "a bipolar item needs a scale with an odd number of values, whose middle means \
                     \"about right\"; this scale has {}",
                    scale.values.len()
                ),
            );
            return None;
        };
        let below = i64::from(middle) - i64::from(scale.min());
        let above = i64::from(scale.max()) - i64::from(middle);
        if below != above {
            self.report(
                raw.span(),
                field,
                format!(
                    "a bipolar scale must be symmetric around its middle value {middle}: it reaches \
                     {below} below and {above} above"
                ),
            );
            return None;
        }
        i32::try_from(above).ok().map(|half| (middle, half))
    }

    /// Every dimension is fed by an item; B and R each have a dimension to average.
    fn coverage(
        &mut self,
        raw: &Spanned<Vec<Spanned<RawDimension>>>,
        dimensions: &Dimensions,
        fed: &[usize],
    ) {
        for (n, (entry, raw_dimension)) in dimensions.entries.iter().zip(raw.get_ref()).enumerate()
        {
            let id = &entry.dimension.id;
            let first_with_this_id = dimensions.slots.get(id) == Some(&n);
            if first_with_this_id && fed.get(n).copied().unwrap_or(0) == 0 {
                self.report(
                    raw_dimension.get_ref().id.span(),
                    format!("dimensions[{n}].id"),
                    format!(
                        "no item feeds dimension \"{id}\"; add an item with dimension = \"{id}\" \
                         (or name it as a bipolar half), or remove the dimension"
                    ),
                );
            }
        }
        if dimensions.entries.iter().any(|e| !e.index_known) {
            return; // an index was mistyped: that problem is reported; counting now would mislead
        }
        for index in [Index::Burnout, Index::Rustout] {
            if !dimensions
                .entries
                .iter()
                .any(|e| e.dimension.index == index)
            {
                self.report(
                    raw.span(),
                    "dimensions",
                    format!(
                        "no dimension feeds {index}; the {index} index needs at least one \
                         (index = \"{index}\")"
                    ),
                );
            }
        }
    }
}
