//! Writes: a change as data, shown as LDIF and inverted for undo (`change`), applied only
//! when the entry is as it was read (`edit`), against the entry's image as read (`image`); what each kind of write plans: accounts
//! enabled and disabled (`account`), new users (`new_user`), renames (`rename`), password
//! resets (`password_reset`), group memberships (`membership`), AD undelete (`undelete`).

pub mod account;
pub mod change;
pub mod edit;
pub mod image;
pub mod membership;
pub mod new_user;
pub mod password_reset;
pub mod rename;
pub mod undelete;
