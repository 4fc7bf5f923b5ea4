# drc 3.2-0's fitting path as SynergyFinder 3.7.3's FitDoseResponse uses it, written out with base R's optim so it
# runs without drc (not packaged in Debian): self-start (llogistic.ssf method 1), dose/response scaling by
# 10^floor(log10(median)), optim BFGS (numerical gradient, parscale = |start|, maxit 500, reltol 1e-7, hessian),
# and the L.4-on-log-dose fallback. Written for ResLab's investigation of SynergyFinder's numbers (it reproduces
# SynergyFinder's fits on the Mathews data to ~1e-9) and used by bench/synergy-vs-R.sh as the R side of the timing.
ll4 <- function(x, p) p[2] + (p[3]-p[2])/(1+exp(p[1]*(log(x/p[4]))))
l4 <- function(x, p) p[2] + (p[3]-p[2])/(1+exp(p[1]*(x-p[4])))
drcLL4 <- function(dose, resp, fixed=c(NA,NA,NA,NA)) {
  notFixed <- is.na(fixed)
  ds <- 10^floor(log10(median(dose))); if (is.na(ds) || ds < 1e-15) ds <- 1
  rs <- suppressWarnings(10^floor(log10(median(resp)))); if (is.na(rs) || rs < 1e-15) rs <- 1
  x <- dose/ds; y <- resp/rs
  yr <- range(y); len <- 0.001*diff(yr); cV <- yr[1]-len; dV <- yr[2]+len
  lx <- log(x); lx[!x>0] <- NA
  co <- coef(lm(log((dV - y)/(y - cV)) ~ lx))
  bV <- co[2]; eV <- exp(-co[1]/bV)
  st <- as.vector(c(bV, cV, dV, eV)[notFixed])
  pv <- c(0,0,0,0); pv[!notFixed] <- fixed[!notFixed]; pv <- pv / c(1, rs, rs, ds)
  f <- function(par) { p <- pv; p[notFixed] <- par; sum((y - ll4(x, p))^2) }
  ps <- abs(st); ps[ps < 1e-4] <- 1
  o <- try(optim(st, f, method="BFGS", control=list(maxit=500, reltol=1e-7, parscale=ps), hessian=TRUE), silent=TRUE)
  if (inherits(o, "try-error")) return(NULL)
  p <- pv; p[notFixed] <- o$par; p <- p * c(1, rs, rs, ds)
  list(par=p, model="LL.4")
}
drcL4 <- function(dose, resp, fixed=c(NA,NA,NA,NA)) {
  notFixed <- is.na(fixed)
  dose[dose==0] <- 1e-10; x <- log(dose); y <- resp
  yr <- range(y); len <- 0.001*diff(yr); cV <- yr[1]-len; dV <- yr[2]+len
  co <- coef(lm(log((dV - y)/(y - cV)) ~ x))
  bV <- co[2]; eV <- -co[1]/bV
  st <- as.vector(c(bV, cV, dV, eV)[notFixed])
  pv <- c(0,0,0,0); pv[!notFixed] <- fixed[!notFixed]
  f <- function(par) { p <- pv; p[notFixed] <- par; sum((y - l4(x, p))^2) }
  ps <- abs(st); ps[ps < 1e-4] <- 1
  o <- try(optim(st, f, method="BFGS", control=list(maxit=500, reltol=1e-7, parscale=ps), hessian=TRUE), silent=TRUE)
  if (inherits(o, "try-error")) return(NULL)
  p <- pv; p[notFixed] <- o$par
  list(par=p, model="L.4")
}
fitDR <- function(dose, resp, Emin=NA, Emax=NA) {
  if (length(resp) > 1 && var(resp) == 0) resp[length(resp)] <- resp[length(resp)] + 1e-10
  r <- drcLL4(dose, resp, c(NA, Emin, Emax, NA)); if (is.null(r)) r <- drcL4(dose, resp, c(NA, Emin, Emax, NA)); r }
pred <- function(r, dose) if (r$model=="LL.4") ll4(dose, r$par) else l4(log(ifelse(dose==0,1e-10,dose)), r$par)
