//! [`OrgStore`] on either SQL backend: administration and a person's own organisation choices,
//! each method handed to the module that owns its tables.

use crate::db::Backend;
use crate::{briefs, checkins, floors, members, units};
use anneal_store::org::{
    Brief, Floors, Invite, Membership, NewInvite, OrgStore, ShareIntoCell, Unit, UnitId, UnitRules,
};
use anneal_store::{NewResponse, Result, StoredResponse, UserId};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};

#[async_trait]
impl OrgStore for Backend {
    async fn is_admin(&self, user: UserId) -> Result<bool> {
        units::is_admin(self.reader(), user).await
    }

    async fn set_admin(&self, user: UserId, admin: bool) -> Result<()> {
        units::set_admin(self.writer(), user, admin).await
    }

    async fn list_users(&self) -> Result<Vec<(UserId, String)>> {
        units::list_users(self.reader()).await
    }

    async fn create_unit(
        &self,
        name: &str,
        parent: Option<UnitId>,
        at: DateTime<Utc>,
    ) -> Result<Unit> {
        units::create(self.writer(), name, parent, at).await
    }

    async fn unit(&self, id: UnitId) -> Result<Option<Unit>> {
        units::find(self.reader(), id).await
    }

    async fn units(&self) -> Result<Vec<Unit>> {
        units::all(self.reader()).await
    }

    async fn rename_unit(&self, id: UnitId, name: &str) -> Result<()> {
        units::rename(self.writer(), id, name).await
    }

    async fn move_unit(&self, id: UnitId, parent: Option<UnitId>) -> Result<()> {
        units::move_to(self.writer(), id, parent).await
    }

    async fn archive_unit(&self, id: UnitId, at: DateTime<Utc>) -> Result<()> {
        units::archive(self.writer(), id, at).await
    }

    async fn set_unit_rules(&self, id: UnitId, rules: UnitRules) -> Result<()> {
        units::set_rules(self.writer(), id, rules).await
    }

    async fn set_leader(&self, unit: UnitId, user: UserId, leader: bool) -> Result<()> {
        members::set_leader(self.writer(), unit, user, leader).await
    }

    async fn leaders_of(&self, unit: UnitId) -> Result<Vec<(UserId, String)>> {
        members::leaders_of(self.reader(), unit).await
    }

    async fn units_led_by(&self, user: UserId) -> Result<Vec<UnitId>> {
        members::units_led_by(self.reader(), user).await
    }

    async fn join_unit(&self, user: UserId, unit: UnitId, at: DateTime<Utc>) -> Result<Membership> {
        members::join(self.writer(), user, unit, at).await
    }

    async fn leave_unit(&self, user: UserId) -> Result<()> {
        members::leave(self.writer(), user).await
    }

    async fn membership(&self, user: UserId) -> Result<Option<Membership>> {
        members::membership(self.reader(), user).await
    }

    async fn set_sharing(
        &self,
        user: UserId,
        unit: UnitId,
        share: bool,
        at: DateTime<Utc>,
    ) -> Result<Membership> {
        members::set_sharing(self.writer(), user, unit, share, at).await
    }

    async fn member_count(&self, unit: UnitId) -> Result<u64> {
        members::member_count(self.reader(), unit).await
    }

    async fn joined_since(&self, unit: UnitId, since: DateTime<Utc>) -> Result<u64> {
        members::joined_since(self.reader(), unit, since).await
    }

    async fn tighten_floors(&self, week: NaiveDate, floors: Vec<(UnitId, Floors)>) -> Result<()> {
        floors::tighten(self.writer(), week, floors).await
    }

    async fn find_invite(&self, token_hash: &[u8]) -> Result<Option<Invite>> {
        members::find_invite(self.reader(), token_hash).await
    }

    async fn insert_shared_checkin(
        &self,
        new: NewResponse,
        share: ShareIntoCell,
    ) -> Result<StoredResponse> {
        checkins::insert_shared_checkin(self.writer(), new, share).await
    }

    async fn insert_shared_checkins(
        &self,
        batch: Vec<(NewResponse, ShareIntoCell)>,
    ) -> Result<Vec<StoredResponse>> {
        checkins::insert_shared_checkins(self.writer(), batch).await
    }

    async fn create_invite(&self, invite: NewInvite) -> Result<()> {
        members::create_invite(self.writer(), invite).await
    }

    async fn accept_invite(
        &self,
        token_hash: &[u8],
        user: UserId,
        at: DateTime<Utc>,
    ) -> Result<Invite> {
        members::accept_invite(self.writer(), token_hash, user, at).await
    }

    async fn send_brief(
        &self,
        from: UserId,
        to: UserId,
        unit: UnitId,
        text: &str,
        at: DateTime<Utc>,
    ) -> Result<Brief> {
        briefs::send(self.writer(), from, to, unit, text, at).await
    }

    async fn inbox(&self, leader: UserId) -> Result<Vec<Brief>> {
        briefs::inbox(self.reader(), leader).await
    }

    async fn sent_briefs(&self, from: UserId) -> Result<Vec<Brief>> {
        briefs::sent(self.reader(), from).await
    }

    async fn mark_brief_read(&self, leader: UserId, id: i64, at: DateTime<Utc>) -> Result<()> {
        briefs::mark_read(self.writer(), leader, id, at).await
    }
}
