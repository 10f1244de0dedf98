//! `anneal serve`: the web app and API.

use crate::context::Context;
use anneal_server::{AppState, router};
use anyhow::Context as _;
use std::net::SocketAddr;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:7878")]
    bind: SocketAddr,
}

pub async fn run(ctx: Context, args: Args) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(args.bind)
        .await
        .with_context(|| format!("cannot listen on {}", args.bind))?;
    let addr = listener.local_addr()?;
    println!("Anneal is listening on http://{addr}/ (health: http://{addr}/healthz)");
    let app = router(AppState { store: ctx.store });
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .context("the server stopped with an error")
}
