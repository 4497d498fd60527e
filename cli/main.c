/* SPDX-License-Identifier: MIT */
/* clusterkin: command-line front end. Dispatches to one function per command. */
#include <string.h>

#include "cli.h"

static const char *usage =
    "usage: clusterkin <command> [options]\n"
    "\n"
    "Intercluster reaction kinetics of atomically precise metal nanoclusters.\n"
    "\n"
    "commands:\n"
    "  network MODEL.yaml [--json] [--list]   species and reactions of a model\n"
    "  simulate MODEL.yaml [-o series.csv] [--tmax tmax.csv]\n"
    "                                         time-resolved mass-spectrometry channels\n"
    "  fit MODEL.yaml [-o result.json] [--grid-out grid.csv] [--threads N] [--resume]\n"
    "                                         rate constants from measured channels\n"
    "  compare A.json B.json ... [-o compare.csv] [--residuals DIR] [--json]\n"
    "                                         fits of mechanisms ranked by AIC/BIC\n"
    "  mass FORMULA [--json] [--pattern]      average, monoisotopic, most abundant m/z\n"
    "  equilibrium MODEL.yaml [--json] [-o dist.csv]\n"
    "                                         equilibrium or steady state, solved directly\n"
    "  scan MODEL.yaml --ratio A:B=1:6,...    equilibrium per mixing ratio\n"
    "  fit-equilibrium MODEL.yaml DATA.csv    site energies from equilibrium distributions\n"
    "  physics diffusion|poisson|electrons ...  diffusion limit, exchanges per dimer\n"
    "                                         lifetime, superatom electron count\n"
    "  nmr hydride SPEC.yaml [-o spectrum.csv]  hydride 1H/2H NMR multiplets of Cu/Ag clusters\n"
    "  nmr exsy MODEL.yaml --mixing TIMES     2D EXSY peak volumes from the kinetic model\n"
    "  isotopes FORMULA [--resolution R] [-o pattern.csv]\n"
    "                                         isotope pattern (fine structure or profile)\n"
    "  deconvolve SPECTRA --model MODEL.yaml [-o channels.csv]\n"
    "                                         channel abundances from measured spectra\n"
    "  plot KIND INPUT... -o OUT.(png|svg|pdf) figures: contour, traces, tmax, lines,\n"
    "                                         bars, spectrum, grid, profile\n"
    "\n"
    "Run 'clusterkin <command> --help' for a command's options.\n"
    "Exit status: 0 success, 1 runtime failure, 2 bad input or usage.\n";

int main(int argc, char **argv) {
  if (argc < 2) {
    fputs(usage, stderr);
    return EXIT_USAGE;
  }
  const char *command = argv[1];
  if (cli_is_help(command)) {
    fputs(usage, stdout);
    return EXIT_OK;
  }
  if (strcmp(command, "--version") == 0) {
    printf("clusterkin %s\n", CK_VERSION);
    return EXIT_OK;
  }
  if (strcmp(command, "network") == 0) {
    return cmd_network(argc - 1, argv + 1);
  }
  if (strcmp(command, "simulate") == 0) {
    return cmd_simulate(argc - 1, argv + 1);
  }
  if (strcmp(command, "fit") == 0) {
    return cmd_fit(argc - 1, argv + 1);
  }
  if (strcmp(command, "compare") == 0) {
    return cmd_compare(argc - 1, argv + 1);
  }
  if (strcmp(command, "mass") == 0) {
    return cmd_mass(argc - 1, argv + 1);
  }
  if (strcmp(command, "equilibrium") == 0) {
    return cmd_equilibrium(argc - 1, argv + 1);
  }
  if (strcmp(command, "scan") == 0) {
    return cmd_scan(argc - 1, argv + 1);
  }
  if (strcmp(command, "fit-equilibrium") == 0) {
    return cmd_fit_equilibrium(argc - 1, argv + 1);
  }
  if (strcmp(command, "physics") == 0) {
    return cmd_physics(argc - 1, argv + 1);
  }
  if (strcmp(command, "nmr") == 0) {
    return cmd_nmr(argc - 1, argv + 1);
  }
  if (strcmp(command, "isotopes") == 0) {
    return cmd_isotopes(argc - 1, argv + 1);
  }
  if (strcmp(command, "deconvolve") == 0) {
    return cmd_deconvolve(argc - 1, argv + 1);
  }
  if (strcmp(command, "plot") == 0) {
    return cmd_plot(argc - 1, argv + 1);
  }
  fprintf(stderr, "clusterkin: unknown command '%s'\n%s", command, usage);
  return EXIT_USAGE;
}
