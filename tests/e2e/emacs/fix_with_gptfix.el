;;; fix_with_gptfix.el --- headless eglot session with gptfix -*- lexical-binding: t -*-
;; Run as: emacs --batch -q -l fix_with_gptfix.el FILE
;; Environment: GPTFIX_CMD (JSON list: the server command), GPTFIX_LOG (a traceback
;; file from another machine), GPTFIX_OUT (where the JSON result is written).
(require 'json)
(require 'eglot)
(require 'flymake)
(require 'python)

(defvar gptfix-result (list :ok nil :steps nil))

(defun gptfix-step (name) (plist-put gptfix-result :steps (cons name (plist-get gptfix-result :steps))))

(defun gptfix-finish (ok message)
  (plist-put gptfix-result :ok (if ok t :json-false))
  (plist-put gptfix-result :message message)
  (with-temp-file (getenv "GPTFIX_OUT")
    (insert (json-encode gptfix-result)))
  (kill-emacs (if ok 0 1)))

(defun gptfix-wait (pred seconds)
  (let ((end (+ (float-time) seconds)))
    (while (and (not (funcall pred)) (< (float-time) end))
      (accept-process-output nil 0.05))
    (funcall pred)))

(condition-case err
    (let* ((file (car command-line-args-left))
           (cmd (append (json-read-from-string (getenv "GPTFIX_CMD")) nil))
           (eglot-sync-connect t)
           (eglot-confirm-server-initiated-edits nil))
      (find-file file)
      (python-mode)
      (let ((server (eglot '(python-mode) (cons 'transient default-directory)
                           'eglot-lsp-server cmd "python")))
        (gptfix-step "connected")
        (let ((result (eglot-execute-command
                       server 'gptfix.loadLog
                       (vector (eglot--path-to-uri file)
                               (list :path (getenv "GPTFIX_LOG"))))))
          (plist-put gptfix-result :shown (plist-get result :shown)))
        (flymake-start)
        (unless (gptfix-wait (lambda () (flymake-start) (flymake-diagnostics)) 20)
          (gptfix-finish nil "no diagnostic"))
        (let ((diag (car (flymake-diagnostics))))
          (plist-put gptfix-result :line (1- (line-number-at-pos (flymake-diagnostic-beg diag)))))
        (gptfix-step "diagnostic")
        (let ((action nil))
          (gptfix-wait
           (lambda ()
             (setq action
                   (seq-find (lambda (a) (string-match-p "learning_rate" (plist-get a :title)))
                             (ignore-errors (eglot-code-actions (point-min) (point-max)))))
             (or action (progn (sleep-for 0.5) nil)))
           90)
          (unless action (gptfix-finish nil "no quick fix"))
          (plist-put gptfix-result :action (plist-get action :title))
          (unless (plist-get action :edit) (gptfix-finish nil "the action has no edit"))
          (eglot--apply-workspace-edit (plist-get action :edit))
          (save-buffer)
          (gptfix-step "written"))
        (eglot-shutdown server)
        (gptfix-finish t "ok")))
  (error (gptfix-finish nil (format "error: %S" err))))
