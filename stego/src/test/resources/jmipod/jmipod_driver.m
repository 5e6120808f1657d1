% Runs the authors' J-MiPOD (Remi Cogranne's J_MIPOD.m, Feb. 2021, as shipped in
% daniellerch/aletheia-external-resources octave/code/) on coefficients given as text, for JMipodTest.
% Called by make_jmipod_fixtures.py:  octave-cli jmipod_driver.m CODE_DIR IN.txt OUT.txt PAYLOAD PATCH_GRID
%   IN.txt:  "rows cols", the 64 quantization steps (row-major, k*8+l), then rows lines of coefficients
%   OUT.txt: "lambda nzAC messageNats", then rows lines each of FI, of pChange (the reference's, 2*beta from its
%            lookup table) and of beta_exact (x*log(x-2) = lambda*FI solved by bisection at the reference's lambda)
% The fetched J_MIPOD.m is not modified on disk: a copy in a temporary folder gets an entry function that
% returns what Embed computes (anchors checked), and, with PATCH_GRID = 1, vec2im is given the true block grid
% (the code's vec2im defaults to floor(sqrt(#blocks)) block rows, which scrambles non-square images).
args = argv();
code_dir = args{1}; in_file = args{2}; out_file = args{3};
payload = str2double(args{4}); patch_grid = str2double(args{5});
pkg load image
pkg load statistics
pkg load signal

src = fileread(fullfile(code_dir, 'J_MIPOD.m'));
function s = must_replace(s, a, b)
  if isempty(strfind(s, a))
    error('anchor not found in J_MIPOD.m: %s', a);
  end
  s = strrep(s, a, b);
end
entry = sprintf(['function [p, fi, lam] = jmipod_ref(c, payload)\n' ...
                 '  global JM_FI JM_LAMBDA\n  [s, p] = Embed(c, payload);\n  fi = JM_FI; lam = JM_LAMBDA;\nend\n']);
head_end = strfind(src, sprintf('\nend\n'))(1) + 4;   % the end of the first function (J_MiPOD's wrapper)
if isempty(strfind(src(1:head_end), 'function J_MiPOD(cover, payload, stego)'))
  error('J_MIPOD.m does not start with the expected wrapper');
end
src = [entry src(head_end + 1:end)];
src = must_replace(src, "FI = FisherInformation(:)';", "FI = FisherInformation(:)'; global JM_FI; JM_FI = FisherInformation;");
src = must_replace(src, "beta = 1./invxlnx3_fast(M*FI,ixlnx3);", "global JM_LAMBDA; JM_LAMBDA = M; beta = 1./invxlnx3_fast(M*FI,ixlnx3);");
src = must_replace(src, "load('ixlnx3_5.mat');", sprintf("load('%s');", fullfile(code_dir, 'ixlnx3_5.mat')));
if patch_grid
  src = must_replace(src, "  rows = floor(sqrt(n));", "  global JM_BLOCKROWS; rows = JM_BLOCKROWS;");
end
tmp = tempname(); mkdir(tmp);
fid = fopen(fullfile(tmp, 'jmipod_ref.m'), 'w'); fputs(fid, src); fclose(fid);
addpath(tmp);

d = dlmread(in_file);
rows = d(1, 1); cols = d(1, 2);
q = d(2, 1:64);
coef = d(3:2 + rows, 1:cols);
global JM_BLOCKROWS
JM_BLOCKROWS = rows / 8;
C.coef_arrays = {coef};
C.quant_tables = {reshape(q, 8, 8)'};   % row-major k*8+l -> the 8x8 table (row k, column l)
nzAC = sum(coef(:) ~= 0) - sum(sum(coef(1:8:end, 1:8:end) ~= 0));
[pchange, fi, lam] = jmipod_ref(C, payload);
if ~isequal(size(fi), size(coef))
  error('the reference returned a %dx%d Fisher information for a %dx%d cover (block grid scrambled)', ...
        size(fi, 1), size(fi, 2), rows, cols);
end
y = lam * fi;
lo = 3 * ones(size(y)); hi = 3 + y;        % bisection on g(x) = x log(x - 2) - y, rising on (3, inf)
for it = 1:200
  mid = (lo + hi) / 2;
  up = mid .* log(mid - 2) > y;
  hi(up) = mid(up); lo(~up) = mid(~up);
end
beta = 1 ./ ((lo + hi) / 2);
fid = fopen(out_file, 'w');
fprintf(fid, '%.17g %d %d\n', lam, nzAC, round(payload * nzAC * log(2)));
for m = {fi, pchange, beta}
  a = m{1};
  for r = 1:rows
    fprintf(fid, '%.17g ', a(r, :)); fprintf(fid, '\n');
  end
end
fclose(fid);
