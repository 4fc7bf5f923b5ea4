# Reference values from R itself (R 4.2.2, base only) for ResLab's ports of R's random numbers and of optim's BFGS.
# Run: Rscript make_r_reference.R   (writes R_rng_seed123.csv and R_optim_bfgs.csv; %a = exact hexadecimal doubles)
set.seed(123)
u <- runif(1000)
set.seed(123)
z <- rnorm(3000)
set.seed(123)
zm <- rnorm(50, mean = 40, sd = 7)
write.csv(data.frame(i = seq_along(z), runif = c(sprintf("%a", u), rep("NA", length(z) - length(u))),
                     rnorm = sprintf("%a", z), rnorm_40_7 = c(sprintf("%a", zm), rep("NA", length(z) - length(zm)))),
          "R_rng_seed123.csv", row.names = FALSE, quote = FALSE)
rosen <- function(p) 100 * (p[2] - p[1]^2)^2 + (1 - p[1])^2
quad <- function(p) sum((p - c(3, -2, 0.5))^2 * c(1, 10, 100)) + 0.1 * p[1] * p[2]
cases <- list(
  rosenbrock = list(fn = rosen, start = c(-1.2, 1), ctrl = list(maxit = 500, reltol = 1e-7)),
  rosenbrock_parscale = list(fn = rosen, start = c(-1.2, 1), ctrl = list(maxit = 500, reltol = 1e-7, parscale = c(1.2, 1))),
  rosenbrock_maxit20 = list(fn = rosen, start = c(-1.2, 1), ctrl = list(maxit = 20)),
  quadratic = list(fn = quad, start = c(0, 0, 0), ctrl = list(maxit = 100, reltol = 1e-10, parscale = c(1, 1, 1e-2))))
rows <- do.call(rbind, lapply(names(cases), function(k) {
  o <- optim(cases[[k]]$start, cases[[k]]$fn, method = "BFGS", control = cases[[k]]$ctrl)
  data.frame(case = k, par1 = sprintf("%a", o$par[1]), par2 = sprintf("%a", o$par[2]),
             par3 = if (length(o$par) > 2) sprintf("%a", o$par[3]) else "NA", value = sprintf("%a", o$value),
             fn_count = o$counts[["function"]], gr_count = o$counts[["gradient"]], convergence = o$convergence)
}))
write.csv(rows, "R_optim_bfgs.csv", row.names = FALSE, quote = FALSE)
p <- c(1e-300, 1e-15, 1e-11, 1e-5, 0.01, 0.05, 0.075, 0.2, 0.5, 0.7, 0.925, 0.99, 1 - 1e-9)
write.csv(data.frame(p = sprintf("%a", p), qnorm = sprintf("%a", qnorm(p))), "R_qnorm.csv", row.names = FALSE, quote = FALSE)
